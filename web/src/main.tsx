import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session } from './api.ts';
import { lang, onLangChange, setLang, t } from './i18n.ts';
import { ApplicationPage } from './pages/ApplicationPage.tsx';
import { AutumnAidForm } from './pages/worker/AutumnAidForm.tsx';
import { HardshipReliefForm } from './pages/worker/HardshipReliefForm.tsx';
import { MutualClaimForm } from './pages/worker/MutualClaimForm.tsx';
import { SelfCheck } from './pages/worker/SelfCheck.tsx';
import { Notices } from './pages/worker/Notices.tsx';
import { MyHouseholdFile } from './pages/worker/MyHouseholdFile.tsx';
import { SignIn, homeOf } from './pages/SignIn.tsx';
import { Receipt, WorkerHome } from './pages/WorkerHome.tsx';
import { Messages } from './pages/worker/Messages.tsx';
import { lazyConsole } from './lazy.tsx';
import { api } from './api.ts';
import { applyElderMode, elder, onElderChange, setElderMode } from './elder.ts';
import { CHANGED } from './refresh.ts';
import type { SignedInUser } from './api.ts';
import './styles.css';

const OfficialConsole = lazyConsole(() => import('./pages/official/console.tsx').then((module) => module.OfficialConsole));
const FinanceConsole = lazyConsole(() => import('./pages/finance/console.tsx').then((module) => module.FinanceConsole));

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const changed = () => {
      setHash(location.hash || '#/');
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function Page(props: { hash: string }) {
  const user = session.user();
  if (!user || props.hash === '#/signin') return <SignIn />;
  const [, section, id] = props.hash.split('/');
  switch (section) {
    case 'worker':
      return <WorkerHome />;
    case 'apply':
      return id === 'hardship-relief' ? <HardshipReliefForm /> : id === 'mutual-claim' ? <MutualClaimForm /> : <AutumnAidForm />;
    case 'self-check':
      return <SelfCheck />;
    case 'notices':
      return <Notices />;
    case 'messages':
      return <Messages />;
    case 'household':
      return <MyHouseholdFile />;
    case 'receipt':
      return <Receipt id={id ?? ''} />;
    case 'applications':
      return <ApplicationPage id={id ?? ''} />;
    case 'official':
      return <OfficialConsole path={props.hash.split('/').slice(2)} />;
    case 'finance':
      return <FinanceConsole path={props.hash.split('/').slice(2)} />;
    default:
      location.hash = homeOf(user);
      return null;
  }
}

/**
 * 消息 for a worker, 通知 for an official, with how many are unread: asked again on every page and
 * whenever a page says it changed something.
 */
function InboxLink(props: { user: SignedInUser; hash: string }) {
  const worker = props.user.groups.includes('worker');
  const official = props.user.groups.includes('official');
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!worker && !official) return;
    let current = true;
    const ask = () => void api<{ unread: number }>('GET', worker ? '/messages' : '/notifications').then((reply) => current && setUnread(reply.unread), () => undefined);
    ask();
    addEventListener(CHANGED, ask);
    return () => {
      current = false;
      removeEventListener(CHANGED, ask);
    };
  }, [props.hash, worker, official]);
  if (!worker && !official) return null;
  const text = worker ? t('消息', 'Messages') : t('通知', 'Notices');
  return (
    <a class="inbox" href={worker ? '#/messages' : '#/official/notifications'} aria-label={unread ? t(`${text}，${unread} 条未读`, `${text}, ${unread} unread`) : text}>
      {text}
      {unread > 0 && <span class="count" aria-hidden="true">{unread}</span>}
    </a>
  );
}

function App() {
  const hash = useHash();
  const [, rerender] = useState(0);
  useEffect(() => onLangChange(() => rerender((n) => n + 1)), []);
  useEffect(() => onElderChange(() => rerender((n) => n + 1)), []);
  const user = session.user();
  return (
    <>
      <a class="skip" href="#main">{t('跳到正文', 'Skip to content')}</a>
      <header class="top">
        <a class="brand" href={user ? homeOf(user) : '#/signin'}>{t('职工帮扶', 'warmth')}</a>
        <nav aria-label={t('页首', 'Header')}>
          <button class="link" aria-pressed={elder.on} onClick={() => setElderMode(!elder.on)}>{t('长辈模式', 'Large text mode')}</button>
          <button class="link" onClick={() => setLang(lang.value === 'en' ? 'zh-CN' : 'en')} lang={lang.value === 'en' ? 'zh-CN' : 'en'}>
            {lang.value === 'en' ? '中文' : 'English'}
          </button>
          {user && (
            <>
              <InboxLink user={user} hash={hash} />
              <span class="who">{user.name}</span>
              <button class="link" onClick={() => { session.clear(); session.forgetInterrupted(); location.hash = '#/signin'; }}>{t('退出', 'Sign out')}</button>
            </>
          )}
        </nav>
      </header>
      <div id="main">
        <Page hash={hash} key={`${hash}-${lang.value}`} />
      </div>
    </>
  );
}

document.documentElement.lang = lang.value;
applyElderMode();
render(<App />, document.getElementById('app') as HTMLElement);
