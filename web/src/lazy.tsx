import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from './components.tsx';
import { t } from './i18n.ts';

/**
 * A console fetched only when someone opens it: workers on phones never download the officials' or
 * finance pages, so their first load stays small. Once loaded it stays for the session.
 */
export function lazyConsole<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  return function LazyConsole(props: P) {
    const [Console, setConsole] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Console) return;
      // Every navigation mounts a new instance (pages are keyed by the hash); each one takes the
      // component from the one shared load, even if that load finished after this instance rendered.
      let mounted = true;
      (loading ??= load())
        .then((component) => {
          loaded = component;
          if (mounted) setConsole(() => component);
        })
        .catch(() => {
          loading = undefined;
          if (mounted) setFailed(true);
        });
      return () => {
        mounted = false;
      };
    }, []);
    if (failed) return <main class="page"><ErrorBox message={t('页面加载失败，请检查网络后刷新页面。', 'The page did not load. Check the connection, then reload the page.')} /></main>;
    if (!Console) return <main class="page"><Loading /></main>;
    return <Console {...props} />;
  };
}
