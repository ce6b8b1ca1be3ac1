/**
 * The working-day calendar of a public notice (公示 of N working days): Monday to Friday are
 * working days, except the statutory holidays, and the weekends worked in their place (调休) are
 * working days too. The lists come from the program's policy, as the State Council publishes them
 * each year. Dates are Shanghai calendar dates (YYYY-MM-DD).
 */
export interface WorkingCalendar {
  holidays: readonly string[];
  workingWeekends: readonly string[];
}

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.workingWeekends.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`th working day after `startsOn` (the day the notice goes up does not count). */
export function nthWorkingDayAfter(startsOn: string, n: number, calendar: WorkingCalendar): string {
  let date = startsOn;
  for (let counted = 0; counted < n; ) {
    date = nextDay(date);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return date;
}

/**
 * When a notice put up at `startIso` (an instant) of `workingDays` ends: at midnight, Shanghai time,
 * after the last of those working days, so every one of them is a whole day of notice.
 */
export function noticeEndsAt(startIso: string, workingDays: number, calendar: WorkingCalendar): { lastDay: string; endsAt: string } {
  const startsOn = new Date(Date.parse(startIso) + 8 * 3600_000).toISOString().slice(0, 10);
  const lastDay = nthWorkingDayAfter(startsOn, workingDays, calendar);
  return { lastDay, endsAt: new Date(Date.parse(`${nextDay(lastDay)}T00:00:00+08:00`)).toISOString() };
}
