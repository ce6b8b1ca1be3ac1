const KEY = 'warmth.clockOffset';
/** Differences below this are the Date header's one-second grain and the request's travel, not a moved clock. */
const SLACK_MS = 5_000;

let offsetMs = typeof sessionStorage !== 'undefined' ? Number(sessionStorage.getItem(KEY)) || 0 : 0;

/**
 * Now, as the platform counts it. Its clock is the browser's on AWS, but the local runtime's clock
 * can be moved on (`/local/clock/advance`) or pinned by tests, and "today" on a page (this year's
 * admissions, a delegation's first day) must be the platform's today.
 */
export const platformNow = (): number => Date.now() + offsetMs;

/** Takes the platform's time from a reply's Date header (readable on the same origin; elsewhere absent, and the browser's clock stands). */
export function hearPlatformClock(dateHeader: string | null): void {
  const said = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(said)) return;
  const heard = said - Date.now();
  if (Math.abs(heard - offsetMs) < SLACK_MS) return;
  offsetMs = heard;
  sessionStorage.setItem(KEY, String(offsetMs));
}
