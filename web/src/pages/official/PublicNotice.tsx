import { useEffect, useState } from 'preact/hooks';
import { api, session } from '../../api.ts';
import { Empty, ErrorBox, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, t, when } from '../../i18n.ts';
import { OfficialNav } from './common.tsx';
import { UnitName } from '../../org-units.tsx';

interface NoticeItem {
  id: string;
  program: string;
  submittedAt: string;
  updatedAt: string;
  applicant: { name: string; orgUnit: string; memberNumber: string };
  amountFen?: number;
  noticeEndsAt?: string;
}

/** Approved applications of this official's unit (and the units below) now on public notice. */
export function PublicNotice() {
  const [items, setItems] = useState<NoticeItem[]>();
  const [nextToken, setNextToken] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = async (after?: string) => {
    setBusy(true);
    try {
      const query = new URLSearchParams({ status: 'PUBLIC_NOTICE', limit: '100', ...(after ? { nextToken: after } : {}) });
      const page = await api<{ items: NoticeItem[]; nextToken?: string }>('GET', `/applications?${query}`);
      setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
      setNextToken(page.nextToken);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const total = (items ?? []).reduce((sum, item) => sum + (item.amountFen ?? 0), 0);
  return (
    <main class="page wide">
      <OfficialNav current="notice" />
      <h1>{t('公示名单', 'On public notice')}</h1>
      <p class="muted">
        {t('', 'Applications of ')}
        <UnitName id={session.user()?.orgUnit ?? ''} />
        {t(' 及下属工会审批通过、正在公示的申请。公示期内任何会员可提出异议。', ' and the unions below it, approved and now on public notice; any member may object meanwhile.')}
      </p>
      <ErrorBox message={error} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t('目前没有公示中的申请。', 'Nothing is on public notice now.')}</Empty>}
      {items && items.length > 0 && (
        <ScrollBox label={t('公示名单', 'Public notice')}>
          <table>
            <caption>{t(`共 ${items.length} 份，合计 ${formatYuan(total)}`, `${items.length} applications, ${formatYuan(total)} in all`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('申请人', 'Applicant')}</th>
                <th scope="col">{t('所在工会', 'Union')}</th>
                <th scope="col">{t('项目', 'Program')}</th>
                <th scope="col" class="num">{t('金额', 'Amount')}</th>
                <th scope="col">{t('公示至', 'On notice until')}</th>
                <th scope="col">{t('申请编号', 'Reference')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.applicant.name}</td>
                  <td><UnitName id={item.applicant.orgUnit} /></td>
                  <td>{programName(item.program)}</td>
                  <td class="num">{item.amountFen === undefined ? '—' : formatYuan(item.amountFen)}</td>
                  <td>{when(item.noticeEndsAt)}</td>
                  <td><a href={`#/applications/${item.id}`} class="reference">{item.id}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {nextToken && (
        <div class="actions">
          <button class="secondary" disabled={busy} onClick={() => load(nextToken)}>{t('加载更多', 'Load more')}</button>
        </div>
      )}
    </main>
  );
}
