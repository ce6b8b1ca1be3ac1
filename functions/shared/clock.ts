let offsetMs = 0;

/** The current time. On AWS this is the real clock; locally `POST /local/clock/advance` moves it forward. */
export const now = (): Date => new Date(Date.now() + offsetMs);

export const nowIso = (): string => now().toISOString();

/** Set by the local runtime only, when its emulated clock moves. */
export const setClockOffset = (ms: number): void => {
  offsetMs = ms;
};

export const clockOffset = (): number => offsetMs;
