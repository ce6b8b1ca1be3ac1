import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { Empty, ErrorBox, Loading } from '../../components.tsx';
import { t, when } from '../../i18n.ts';
import { announceChange } from '../../refresh.ts';
import { OfficialNav } from './common.tsx';

interface OfficialNotification {
  applicationId: string;
  at: string;
  kind: string;
  message: string;
  unread: boolean;
}

const kindNames: Record<string, [string, string]> = {
  APPROVAL_REQUESTED: ['新的待审批', 'New in your queue'],
  APPROVAL_DUE_TOMORROW: ['明天到期', 'Due tomorrow'],
  APPROVAL_OVERDUE: ['已逾期', 'Overdue'],
  APPROVAL_ESCALATED: ['移交给您', 'Escalated to you'],
};

/** 通知: what came into this official's queue, what is due tomorrow, overdue or escalated to them; opening it marks them seen. */
export function Notifications() {
  const [items, setItems] = useState<OfficialNotification[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: OfficialNotification[] }>('GET', '/notifications')
      .then((reply) => {
        setItems(reply.items);
        return api('POST', '/notifications/seen').then(announceChange);
      })
      .catch((caught: Error) => setError(caught.message));
  }, []);
  return (
    <main class="page wide">
      <OfficialNav current="queue" />
      <h1>{t('通知', 'Notices')}</h1>
      <ErrorBox message={error} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t('没有新通知。', 'No notices.')}</Empty>}
      <ul class="messages">
        {items?.map((item) => (
          <li key={`${item.kind}-${item.at}-${item.applicationId}`} class={item.unread ? 'unread' : 'read'}>
            <p class="message-title">
              {item.unread && <span class="badge">{t('未读', 'New')}</span>} <strong>{t(...(kindNames[item.kind] ?? ['通知', 'Notice']))}</strong>
            </p>
            <p>{item.message}</p>
            <p class="muted small">{when(item.at)}</p>
            <a class="button" href={`#/applications/${item.applicationId}`}>{t('打开申请', 'Open the application')}</a>
          </li>
        ))}
      </ul>
    </main>
  );
}
