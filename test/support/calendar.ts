import { now } from '../../functions/shared/clock.ts';
import { shanghaiDate } from '../../functions/shared/dates.ts';

/**
 * The instant every test runtime's local clock starts at. Fixed, so no test reads the calendar, and
 * away from today's date, so code that reads the machine's clock instead of the local clock fails
 * here rather than on some later day. Mid-month, so the clock moves a few weeks in a test without
 * crossing a month or a year.
 */
export const TEST_NOW = '2027-05-12T02:00:00.000Z';

/** The Shanghai date `days` after TEST_NOW (negative: before). */
export const testDay = (days = 0): string => shanghaiDate(new Date(Date.parse(TEST_NOW) + days * 86_400_000).toISOString());

/** The Shanghai year of TEST_NOW, the one the programs and budgets run by. */
export const testYear = Number(testDay().slice(0, 4));

/**
 * The Shanghai date on the local clock now, `days` later: a test's runtime runs in the test's own
 * process, so after `advanceClock` this is the platform's today, as TEST_NOW was at the start.
 */
export const localDay = (days = 0): string => shanghaiDate(new Date(now().getTime() + days * 86_400_000).toISOString());
