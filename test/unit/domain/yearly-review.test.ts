import { describe, expect, it } from 'vitest';
import { drawSpotCheck, reviewOutcome, reviewWindow } from '../../../functions/domain/households/review.ts';

describe('the yearly review rules', () => {
  it('draws at least the share, rounded up, and the same files for the same year', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `HF-${i}`);
    expect(drawSpotCheck(ids, 0.3, 2027)).toHaveLength(3);
    expect(drawSpotCheck(ids.slice(0, 7), 0.3, 2027)).toHaveLength(3);
    expect(drawSpotCheck(['HF-1'], 0.3, 2027)).toEqual(['HF-1']);
    expect(drawSpotCheck([], 0.3, 2027)).toEqual([]);
    expect(drawSpotCheck([...ids].reverse(), 0.3, 2027)).toEqual(drawSpotCheck(ids, 0.3, 2027));
    expect(new Set(drawSpotCheck(ids, 0.3, 2027)).size).toBe(3);
  });

  it('dates the window from the policy’s start day and deadline', () => {
    expect(reviewWindow(2027, '03-01', 60)).toEqual({ startsOn: '2027-03-01', dueOn: '2027-04-30' });
    expect(reviewWindow(2028, '02-28', 1)).toEqual({ startsOn: '2028-02-28', dueOn: '2028-02-29' });
  });

  it('says what the review found', () => {
    expect(reviewOutcome('DEEP', 'DEEP').outcome).toBe('confirmed');
    expect(reviewOutcome('DEEP', 'RELATIVE').outcome).toBe('retiered');
    expect(reviewOutcome('RELATIVE', undefined).message.zh).toContain('退档');
  });
});
