import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { Empty, ErrorBox, Loading } from '../../components.tsx';
import { t, when } from '../../i18n.ts';
import { announceChange } from '../../refresh.ts';
import { useGet } from '../../use-get.ts';

export interface ShownMessage {
  id: string;
  applicationId: string;
  kind: string;
  at: string;
  title: string;
  detail?: string;
  next: string;
  read: boolean;
}

export interface MessageList {
  items: ShownMessage[];
  unread: number;
  banners: ShownMessage[];
}

/** 消息: what happened to the worker's applications, newest first, each with what to do next and a link. */
export function Messages() {
  const list = useGet<MessageList>('/messages');
  const [error, setError] = useState<string>();
  const [read, setRead] = useState<Set<string>>(new Set());
  const items = list.data?.items;
  const isRead = (message: ShownMessage) => message.read || read.has(message.id);

  async function markRead(message: ShownMessage) {
    if (isRead(message)) return;
    setRead((seen) => new Set(seen).add(message.id));
    await api('POST', `/messages/${encodeURIComponent(message.id)}/read`).then(announceChange, (caught: Error) => setError(caught.message));
  }
  async function markAll() {
    await api('POST', '/messages/read').then(
      () => {
        setRead(new Set(items?.map((message) => message.id)));
        announceChange();
      },
      (caught: Error) => setError(caught.message),
    );
  }

  const unread = items?.filter((message) => !isRead(message)).length ?? 0;
  return (
    <main class="page">
      <p class="crumbs"><a href="#/worker">{t('首页', 'Home')}</a> › {t('消息', 'Messages')}</p>
      <h1>{t('消息', 'Messages')}</h1>
      <ErrorBox message={list.error ?? error} />
      {!items && !list.error && <Loading />}
      {items?.length === 0 && <Empty>{t('还没有消息。申请有进展时，会在这里告诉您，重要的还会发短信。', 'No messages yet. When an application moves on you are told here, and by SMS for the important steps.')}</Empty>}
      {unread > 0 && (
        <div class="actions">
          <button class="secondary" onClick={markAll}>{t(`全部标为已读（${unread} 条未读）`, `Mark all read (${unread} unread)`)}</button>
        </div>
      )}
      <ul class="messages">
        {items?.map((message) => (
          <li key={message.id} class={isRead(message) ? 'read' : 'unread'}>
            <p class="message-title">
              {!isRead(message) && <span class="badge">{t('未读', 'New')}</span>} <strong>{message.title}</strong>
            </p>
            <p class="muted small">{when(message.at)}</p>
            {message.detail && <p>{message.detail}</p>}
            <p class="next">{message.next}</p>
            <div class="actions">
              <a class="button" href={`#/applications/${message.applicationId}`} onClick={() => void markRead(message)}>{t('查看申请', 'Open the application')}</a>
              {!isRead(message) && <button class="secondary" onClick={() => void markRead(message)}>{t('标为已读', 'Mark read')}</button>}
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** The messages that head home: a failed payment, a documents request — until the worker has dealt with it. */
export function Banners(props: { banners: ShownMessage[] }) {
  if (props.banners.length === 0) return null;
  return (
    <section class="banners" aria-label={t('需要您处理', 'Needs you')}>
      {props.banners.map((banner) => (
        <div key={banner.id} class="banner" role="alert">
          <p><strong>{banner.title}</strong></p>
          {banner.detail && <p>{banner.detail}</p>}
          <p>{banner.next}</p>
          <a class="button" href={`#/applications/${banner.applicationId}`}>{t('现在处理', 'Deal with it now')}</a>
        </div>
      ))}
    </section>
  );
}
