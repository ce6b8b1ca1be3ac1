/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) of an ISO instant: policy dates are local dates. */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

export function shanghaiYear(iso: string): number {
  return Number(shanghaiDate(iso).slice(0, 4));
}

/** The date part of a reference (APP-20261202-…, B-20261202-…): the Shanghai date on which it was made. */
export function referenceDay(iso: string): string {
  return shanghaiDate(iso).replaceAll('-', '');
}
