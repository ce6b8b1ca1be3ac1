import { describe, expect, it } from 'vitest';
import { referenceDay, shanghaiDate, shanghaiYear } from '../../../functions/shared/dates.ts';

describe('dates as people in Shanghai read them', () => {
  it.each([
    ['2026-12-01T18:57:00.000Z', '20261202', 'an application sent at 02:57 on 2 December, Shanghai time'],
    ['2026-12-31T16:30:00.000Z', '20270101', 'half past midnight on New Year’s Day in Shanghai, still the old year in UTC'],
    ['2026-12-31T15:59:59.999Z', '20261231', 'the last moment of the old year in Shanghai'],
    ['2028-02-28T16:00:00.000Z', '20280229', 'a leap day'],
  ])('dates a reference made at %s as %s (%s)', (at, day) => {
    expect(referenceDay(at)).toBe(day);
  });

  it('takes the year of the Shanghai date, not of UTC', () => {
    expect(shanghaiYear('2026-12-31T16:30:00.000Z')).toBe(2027);
    expect(shanghaiDate('2030-06-14T16:00:00.000Z')).toBe('2030-06-15');
  });
});
