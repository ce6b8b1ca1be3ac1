import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../../components.tsx';
import { t } from '../../i18n.ts';

type Console = typeof import('./console.tsx').FinanceConsole;
let loaded: Console | undefined;

/**
 * The finance console, fetched only when a finance user opens it: workers on phones never
 * download its pages, so their first load stays as small as it was.
 */
export function FinanceHome(props: { path: string[] }) {
  const [FinanceConsole, setConsole] = useState<Console | undefined>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (loaded) return;
    import('./console.tsx')
      .then((module) => {
        loaded = module.FinanceConsole;
        setConsole(() => module.FinanceConsole);
      })
      .catch(() => setFailed(true));
  }, []);
  if (failed) return <main class="page"><ErrorBox message={t('财务页面加载失败，请检查网络后刷新页面。', 'The finance pages did not load. Check the connection, then reload the page.')} /></main>;
  if (!FinanceConsole) return <main class="page"><Loading /></main>;
  return <FinanceConsole path={props.path} />;
}
