/**
 * 长辈模式 (elder-friendly mode), remembered on this device: larger type, higher contrast, bigger
 * tap targets and one question per screen in the forms. The page carries it as a class on <html>.
 */
const KEY = 'warmth.elder';
const listeners = new Set<() => void>();

export const elder = { on: typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'on' };

export function applyElderMode(): void {
  document.documentElement.classList.toggle('elder', elder.on);
}

export function setElderMode(on: boolean): void {
  elder.on = on;
  if (on) localStorage.setItem(KEY, 'on');
  else localStorage.removeItem(KEY);
  applyElderMode();
  for (const listener of listeners) listener();
}

export const onElderChange = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
