import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { Empty, ErrorBox, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, t, when } from '../../i18n.ts';
import { FinancePage } from './shared.tsx';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';

interface FailedApplication {
  id: string;
  program: string;
  updatedAt: string;
  applicant: { name: string; orgUnit: string; memberNumber: string };
  amountFen?: number;
}

interface Detail {
  payment: { attempt: number; status: string; bank: string; accountNumber: string }[];
  history: { status: string; note?: string }[];
}

/** Applications whose bank transfer failed, with the bank's reason: they wait for the worker's corrected account. */
export function FailedPayments() {
  const list = useGet<{ items: FailedApplication[] }>('/applications?status=PAYMENT_FAILED&limit=200');
  const items = list.data?.items;
  const error = list.error;
  const [details, setDetails] = useState<Record<string, Detail>>({});

  useEffect(() => {
    // The reason lives on each application; the list is short (failures are rare), so ask for each.
    for (const item of items?.slice(0, 50) ?? []) {
      api<Detail>('GET', `/applications/${item.id}`)
        .then((detail) => setDetails((known) => ({ ...known, [item.id]: detail })))
        .catch(() => undefined);
    }
  }, [items]);

  return (
    <FinancePage section="failed" title={t('发放失败', 'Failed payments')}>
      <p class="muted">{t('银行退回的付款。系统已通知职工更正银行卡；更正后会生成新的付款指令，下次生成批次时自动收入。', 'Payments the bank refused. The worker has been asked to correct the account; the corrected payment joins the next batch by itself.')}</p>
      <ErrorBox message={error && t(`无法读取失败的付款：${error}。请稍后刷新重试。`, `Could not load the failed payments: ${error}. Refresh to try again.`)} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t('没有发放失败的付款。', 'No failed payments.')}</Empty>}
      {items && items.length > 0 && (
        <ScrollBox label={t('发放失败的申请', 'Applications whose payment failed')}>
          <table class="data">
            <caption class="visually-hidden">{t('发放失败的申请', 'Applications whose payment failed')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('申请人', 'Applicant')}</th>
                <th scope="col">{t('项目与组织', 'Program and unit')}</th>
                <th scope="col">{t('失败原因', 'Bank’s reason')}</th>
                <th scope="col">{t('失败时间', 'Failed on')}</th>
                <th scope="col" class="num">{t('金额', 'Amount')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const detail = details[item.id];
                const failed = detail?.payment.filter((payment) => payment.status === 'FAILED').at(-1);
                const note = detail?.history.filter((entry) => entry.status === 'PAYMENT_FAILED').at(-1)?.note;
                return (
                  <tr key={item.id}>
                    <th scope="row">
                      <a href={`#/applications/${item.id}`}>{item.applicant.name}</a>
                      <span class="muted small block">{item.applicant.memberNumber} · <span class="reference">{item.id}</span></span>
                    </th>
                    <td>{programName(item.program)} · <UnitName id={item.applicant.orgUnit} /></td>
                    <td>
                      {note ?? (detail ? '—' : t('读取中…', 'Loading…'))}
                      {failed && <span class="muted small block">{failed.bank} <span class="reference">{failed.accountNumber}</span></span>}
                    </td>
                    <td>{when(item.updatedAt)}</td>
                    <td class="num">{item.amountFen !== undefined ? formatYuan(item.amountFen) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </FinancePage>
  );
}
