import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Empty, ErrorBox, Loading } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { programName, t, when } from '../i18n.ts';

interface QueueItem {
  applicationId: string;
  level: number;
  requestedAt: string;
  dueAt: string;
  overdue: boolean;
  application: { program: string; applicant: { name: string; orgUnit: string }; amountFen?: number; tier?: string };
  decision: { checks: { code: string; passed: boolean; message: string }[] } | null;
}

/** What this official may decide now, oldest first, with the reasons inline. */
interface Notification {
  applicationId: string;
  at: string;
  kind: string;
  message: string;
}

export function OfficialQueue() {
  const [items, setItems] = useState<QueueItem[]>();
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: QueueItem[] }>('GET', '/approvals').then((r) => setItems(r.items)).catch((e: Error) => setError(e.message));
    api<{ items: Notification[] }>('GET', '/notifications').then((r) => setNotifications(r.items)).catch(() => setNotifications([]));
  }, []);
  return (
    <main class="page">
      <h1>{t('待我审批', 'Awaiting my decision')}</h1>
      <ErrorBox message={error} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t('目前没有待审批的申请。', 'Nothing awaits your decision.')}</Empty>}
      {notifications.length > 0 && (
        <section aria-label={t('提醒', 'Reminders')}>
          <h2>{t('提醒', 'Reminders')}</h2>
          <ul class="list">
            {notifications.slice(0, 10).map((notification) => (
              <li key={`${notification.at}-${notification.applicationId}`}>
                <a href={`#/applications/${notification.applicationId}`}>
                  <span class={notification.kind === 'APPROVAL_ESCALATED' ? 'badge' : 'muted'}>{notification.message}</span>
                  <span class="muted">{when(notification.at)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ul class="list">
        {items?.map((item) => (
          <li key={item.applicationId} class={item.overdue ? 'overdue' : ''}>
            <a href={`#/applications/${item.applicationId}`}>
              <strong>{programName(item.application.program)} · {item.application.applicant.name}</strong>
              <span class="muted">{item.application.applicant.orgUnit} · {t(`第 ${item.level} 级`, `level ${item.level}`)} · {when(item.requestedAt)}</span>
              {item.application.amountFen !== undefined && <span>{formatYuan(item.application.amountFen)}</span>}
              {item.overdue && <span class="badge">{t('已逾期', 'Overdue')}</span>}
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
