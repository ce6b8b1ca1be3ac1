import { useEffect, useRef } from 'preact/hooks';

/** Said on window by a page that changed something (a decision, a corrected card, a message read): whatever shows it asks again. */
export const CHANGED = 'warmth:changed';

export const announceChange = (): void => {
  dispatchEvent(new Event(CHANGED));
};

/**
 * After an action, the workflow moves the application on by itself a moment later: ask again every
 * second until `settled` says it has (or `maxSeconds` pass), so the page shows it without a reload.
 */
export function useFollowUp(reload: () => Promise<unknown>, maxSeconds = 20): (settled: () => boolean) => void {
  const timer = useRef<ReturnType<typeof setInterval>>();
  useEffect(() => () => clearInterval(timer.current), []);
  return (settled) => {
    clearInterval(timer.current);
    let left = maxSeconds;
    timer.current = setInterval(() => {
      left -= 1;
      if (left <= 0 || settled()) {
        clearInterval(timer.current);
        announceChange();
        return;
      }
      void reload();
    }, 1000);
  };
}
