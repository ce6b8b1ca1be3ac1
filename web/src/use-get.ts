import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';

/**
 * What a page reads from the API: `data` once it arrives, `error` (the message) if it failed.
 * A new `path` starts over, as the old data would answer another question; `reload` asks again and
 * keeps what is shown meanwhile. A reply that comes after a newer request was made is dropped.
 */
export function useGet<T>(path: string): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [round, setRound] = useState(0);
  const [loaded, setLoaded] = useState<{ path: string; data: T }>();
  const [failed, setFailed] = useState<{ path: string; round: number; message: string }>();
  useEffect(() => {
    let current = true;
    api<T>('GET', path).then(
      (data) => current && setLoaded({ path, data }),
      (caught: Error) => current && setFailed({ path, round, message: caught.message }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  return {
    data: loaded?.path === path ? loaded.data : undefined,
    error: failed?.path === path && failed.round === round ? failed.message : undefined,
    reload: () => setRound((n) => n + 1),
  };
}
