import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, session, type FieldError } from '../../api.ts';
import { DataTable, Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { uploadFile, acceptedHint } from '../../documents.tsx';
import { formatYuan } from '../../format.ts';
import { day, nameOf, t, when } from '../../i18n.ts';
import { OrgUnitSelect } from '../../org-units.tsx';
import { tierText } from '../../../../functions/shared/code-names.ts';
import { useGet } from '../../use-get.ts';
import { fieldError, OfficialNav } from './common.tsx';

type Delivery = 'bank-transfer' | 'cash' | 'goods';

interface CampaignView {
  id: string;
  name: string;
  summary: string;
  window: { opensOn: string; closesOn: string };
  standards: { tier: string; tierName: string; amountFen: number }[];
  fundingSources: { name: string; amountFen: number }[];
  deliveries: { delivery: Delivery; name: string }[];
  goods?: string;
  publicNoticeWorkingDays: number;
}

interface DrawnView {
  householdFileId: string;
  memberNumber: string;
  name: string;
  orgUnitName: string;
  tier: string;
  tierName: string;
  standardFen: number;
  bankAccount: { bank: string; number: string } | null;
  festivalThisYearFen: number;
}

interface SubmittedView {
  status: 'FILING' | 'FILED';
  submittedAt: string;
  submittedBy: string;
  totalFen: number;
  targets: { memberNumber: string; name: string; orgUnitName: string; tierName: string; delivery: Delivery; deliveryName: string; addedReason?: string; applicationId: string; refused?: string; status: string | null; statusName: string | null; amountFen: number | null }[];
  removed: { memberNumber: string; name: string; reason: string }[];
}

interface ListReply {
  campaign: CampaignView;
  orgUnit: string;
  orgUnitName: string;
  drawn: DrawnView[];
  submitted: SubmittedView | null;
}

interface Member {
  sub: string;
  name: string;
  orgUnit: string;
  memberNumber?: string;
  orgUnitName?: { zh: string; en: string };
}

/** One household on the draft list: drawn from its file (kept or removed with a reason), or added by the official. */
interface Row {
  memberNumber: string;
  name: string;
  orgUnitName: string;
  tier: string;
  standardFen: number;
  householdFileId?: string;
  bankAccount: DrawnView['bankAccount'];
  festivalThisYearFen: number;
  delivery: Delivery;
  removed?: string;
  added?: { reason: string };
}

/** How a household is delivered by default: by transfer when the campaign does and an account is on record, else the first hand delivery. */
function defaultDelivery(campaign: CampaignView, hasAccount: boolean): Delivery {
  const allowed = campaign.deliveries.map((d) => d.delivery);
  if (hasAccount && allowed.includes('bank-transfer')) return 'bank-transfer';
  return allowed.find((d) => d !== 'bank-transfer') ?? allowed[0] ?? 'cash';
}

/**
 * 送温暖: the campaign in force for a unit, its target list drawn from the open hardship files of the
 * unit's part of the tree, reviewed here (each household's delivery; a drawn one removed, or another
 * added, with a reason) and submitted as one list: one application per household, which then goes
 * through the approval chain (approved in batches from the queue), the public notice and delivery.
 */
export function CampaignPage(props: { orgUnit?: string }) {
  const orgUnit = props.orgUnit || session.user()?.orgUnit || '';
  const list = useGet<ListReply>(`/campaign-lists/${encodeURIComponent(orgUnit)}`);
  const data = list.data;
  return (
    <main class="page wide">
      <OfficialNav current="campaign" />
      <h1>{t('送温暖', 'Warmth visits')}</h1>
      <OrgUnitSelect id="campaign-unit" label={t('名单单位', 'Unit of the list')} hint={t('名单从该单位及其下级单位的在档困难职工家庭中生成。', 'The list is drawn from the open hardship files of this unit and the units below it.')} value={orgUnit} onChange={(id) => (location.hash = `#/official/campaign/${id}`)} />
      <ErrorBox message={list.error} />
      {!data && !list.error && <Loading />}
      {data && <CampaignFacts campaign={data.campaign} />}
      {data && (data.submitted ? <SubmittedList reply={data} submitted={data.submitted} onChanged={list.reload} /> : <DraftList key={`${data.orgUnit}-${data.campaign.id}`} reply={data} onSubmitted={list.reload} />)}
    </main>
  );
}

function CampaignFacts(props: { campaign: CampaignView }) {
  const { campaign } = props;
  return (
    <section aria-labelledby="campaign">
      <h2 id="campaign">{campaign.name}</h2>
      <dl class="facts">
        <dt>{t('活动期', 'Window')}</dt>
        <dd>{day(campaign.window.opensOn)} – {day(campaign.window.closesOn)}</dd>
        <dt>{t('慰问标准（每户）', 'Standard per household')}</dt>
        <dd>{campaign.standards.filter((s) => s.amountFen > 0).map((s) => `${s.tierName} ${formatYuan(s.amountFen)}`).join(t('，', ', '))}</dd>
        <dt>{t('资金来源', 'Funding')}</dt>
        <dd>{campaign.fundingSources.map((s) => `${s.name} ${formatYuan(s.amountFen)}`).join(t('；', '; '))}</dd>
        <dt>{t('发放方式', 'Delivery')}</dt>
        <dd>{campaign.deliveries.map((d) => d.name).join(t('、', ', '))}{campaign.goods ? t(`（物资：${campaign.goods}）`, ` (goods: ${campaign.goods})`) : ''}</dd>
        <dt>{t('公示', 'Public notice')}</dt>
        <dd>{t(`审批后公示 ${campaign.publicNoticeWorkingDays} 个工作日`, `${campaign.publicNoticeWorkingDays} working days after approval`)}</dd>
      </dl>
    </section>
  );
}

function DraftList(props: { reply: ListReply; onSubmitted: () => void }) {
  const { campaign } = props.reply;
  const [rows, setRows] = useState<Row[]>(() =>
    props.reply.drawn.map((h) => ({ memberNumber: h.memberNumber, name: h.name, orgUnitName: h.orgUnitName, tier: h.tier, standardFen: h.standardFen, householdFileId: h.householdFileId, bankAccount: h.bankAccount, festivalThisYearFen: h.festivalThisYearFen, delivery: defaultDelivery(campaign, h.bankAccount !== null) })),
  );
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = (index: number, patch: Partial<Row>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const kept = rows.filter((row) => row.removed === undefined);
  const standardOf = (tier: string) => campaign.standards.find((s) => s.tier === tier)?.amountFen ?? 0;
  const total = kept.reduce((sum, row) => sum + row.standardFen, 0);

  async function submit() {
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      await api('POST', `/campaign-lists/${encodeURIComponent(props.reply.orgUnit)}`, {
        targets: kept.map((row) => ({ memberNumber: row.memberNumber, delivery: row.delivery, ...(row.householdFileId ? { householdFileId: row.householdFileId } : { added: { tier: row.tier, reason: row.added?.reason ?? '' } }) })),
        removed: rows.filter((row) => row.removed !== undefined && row.householdFileId).map((row) => ({ householdFileId: row.householdFileId, reason: row.removed })),
      });
      props.onSubmitted();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setFields(caught.fields);
      setError(caught.message);
    } finally {
      setBusy(false);
    }
  }

  /** The server names a row by its place among the kept ones (targets.N) or the removed ones (removed.N). */
  const rowError = (row: Row) => {
    const keptIndex = kept.indexOf(row);
    if (keptIndex >= 0) return fieldError(fields, `targets.${keptIndex}`);
    const removedIndex = rows.filter((r) => r.removed !== undefined && r.householdFileId).indexOf(row);
    return removedIndex >= 0 ? fieldError(fields, `removed.${removedIndex}`) : undefined;
  };

  return (
    <section aria-labelledby="draft">
      <h2 id="draft">{t(`${props.reply.orgUnitName}的慰问名单（待提交）`, `${props.reply.orgUnitName}: the list to submit`)}</h2>
      <p class="muted">{t('名单从在档困难职工家庭生成。移出或增补须写明理由；提交后每户生成一份送温暖申请，逐级审批（可在“待我审批”中批量批准），公示期满后发放。', 'Drawn from the households on file. Removing or adding one needs a reason. Once submitted, each household gets a warmth-visits application that goes up the approval chain (approve them together from your queue), then on public notice, then is delivered.')}</p>
      <ErrorBox message={error} />
      {fieldError(fields, 'removed') && <p class="error" role="alert">{fields.filter((f) => f.path === 'removed').map((f) => f.message).join(t('；', '; '))}</p>}
      {rows.length === 0 && <Empty>{t('本单位没有在档的困难职工家庭；可在下方增补。', 'No household of this unit is on file; add one below.')}</Empty>}
      {rows.length > 0 && (
        <DataTable label={t('慰问名单', 'Target list')} columns={[t('户主', 'Head of household'), t('所在工会', 'Union'), t('困难类别', 'Tier'), t('慰问标准', 'Standard'), t('本年已获节日慰问', 'Festival benefits this year'), t('发放方式', 'Delivery'), t('复核', 'Review')]}>
          {rows.map((row, index) => (
            <tr key={row.memberNumber} class={row.removed !== undefined ? 'removed' : ''}>
              <td>{row.name}<br /><span class="muted small">{row.memberNumber}{row.added ? t(`（增补：${row.added.reason}）`, ` (added: ${row.added.reason})`) : ''}</span></td>
              <td>{row.orgUnitName}</td>
              <td>{nameOf(tierText, row.tier)}</td>
              <td>{formatYuan(row.standardFen)}</td>
              <td>{row.festivalThisYearFen ? formatYuan(row.festivalThisYearFen) : '—'}</td>
              <td>
                <label class="visually-hidden" for={`delivery-${index}`}>{t(`${row.name}的发放方式`, `Delivery for ${row.name}`)}</label>
                <select id={`delivery-${index}`} value={row.delivery} disabled={row.removed !== undefined} onChange={(e) => change(index, { delivery: (e.currentTarget as HTMLSelectElement).value as Delivery })}>
                  {campaign.deliveries.map((d) => <option key={d.delivery} value={d.delivery}>{d.name}</option>)}
                </select>
                {row.delivery === 'bank-transfer' && <div class="muted small">{row.bankAccount ? `${row.bankAccount.bank} ${row.bankAccount.number}` : t('无收款账户记录', 'No account on record')}</div>}
                {rowError(row) && <div class="error small">{rowError(row)}</div>}
              </td>
              <td>
                {row.removed === undefined ? (
                  <button type="button" class="secondary" onClick={() => (row.householdFileId ? change(index, { removed: '' }) : setRows(rows.filter((_, i) => i !== index)))}>{t('移出', 'Remove')}</button>
                ) : (
                  <>
                    <label for={`removed-${index}`}>{t('移出理由', 'Why removed')}</label>
                    <input id={`removed-${index}`} value={row.removed} onInput={(e) => change(index, { removed: (e.currentTarget as HTMLInputElement).value })} />
                    <button type="button" class="link" onClick={() => change(index, { removed: undefined })}>{t('撤销移出', 'Keep')}</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <AddHousehold campaign={campaign} taken={rows.map((row) => row.memberNumber)} onAdd={(row) => setRows([...rows, { ...row, standardFen: standardOf(row.tier), delivery: defaultDelivery(campaign, false) }])} />
      <p><strong>{t(`共 ${kept.length} 户，合计 ${formatYuan(total)}`, `${kept.length} households, ${formatYuan(total)} in all`)}</strong></p>
      <button type="button" onClick={submit} disabled={busy || kept.length === 0}>{busy ? t('正在提交…', 'Submitting…') : t('提交名单审批', 'Submit the list for approval')}</button>
    </section>
  );
}

/** Another household of the unit, not on file: who, the tier assessed, and why. */
function AddHousehold(props: { campaign: CampaignView; taken: string[]; onAdd: (row: Omit<Row, 'standardFen' | 'delivery'>) => void }) {
  const [members, setMembers] = useState<Member[]>();
  const [sub, setSub] = useState('');
  const [tier, setTier] = useState('RELATIVE');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    api<{ items: Member[] }>('GET', '/members').then((reply) => setMembers(reply.items), () => setMembers([]));
  }, []);
  const choices = (members ?? []).filter((member) => member.memberNumber && !props.taken.includes(member.memberNumber));
  const tiers = props.campaign.standards.filter((s) => s.amountFen > 0);
  function add() {
    const member = choices.find((candidate) => candidate.sub === sub);
    if (!member?.memberNumber) return setProblem(t('请选择会员', 'Choose a member'));
    if (reason.trim().length < 2) return setProblem(t('请写明增补理由', 'Say why the household is added'));
    setProblem(undefined);
    props.onAdd({ memberNumber: member.memberNumber, name: member.name, orgUnitName: member.orgUnitName ? t(member.orgUnitName.zh, member.orgUnitName.en) : member.orgUnit, tier, bankAccount: null, festivalThisYearFen: 0, added: { reason: reason.trim() } });
    setSub('');
    setReason('');
  }
  return (
    <details class="add-household">
      <summary>{t('增补不在档的家庭', 'Add a household not on file')}</summary>
      <Field id="add-member" label={t('会员', 'Member')}>
        <select id="add-member" value={sub} onChange={(e) => setSub((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t('请选择', 'Choose')}</option>
          {choices.map((member) => <option key={member.sub} value={member.sub}>{member.name}（{member.memberNumber}）</option>)}
        </select>
      </Field>
      <Field id="add-tier" label={t('核定困难类别', 'Tier assessed')}>
        <select id="add-tier" value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value)}>
          {tiers.map((s) => <option key={s.tier} value={s.tier}>{s.tierName}（{formatYuan(s.amountFen)}）</option>)}
        </select>
      </Field>
      <Field id="add-reason" label={t('增补理由', 'Why added')} hint={t('如：民政低保名单新增户、走访中发现', 'e.g. newly on the civil-affairs dibao list, found on a visit')} error={problem}>
        <input id="add-reason" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      <button type="button" class="secondary" onClick={add}>{t('增补到名单', 'Add to the list')}</button>
    </details>
  );
}

/** The list as submitted: each household's application and where it stands; cash and goods are closed by the photo of the signed receipt. */
function SubmittedList(props: { reply: ListReply; submitted: SubmittedView; onChanged: () => void }) {
  const { submitted } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function receipt(applicationId: string, file: File | undefined) {
    if (!file) return;
    setBusy(applicationId);
    setError(undefined);
    try {
      const document = await uploadFile('warmth-visits', 'signed-receipt', file, () => undefined);
      await api('POST', `/applications/${applicationId}/delivery-receipt`, { documentId: document.id });
      props.onChanged();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section aria-labelledby="submitted">
      <h2 id="submitted">{t(`${props.reply.orgUnitName}的慰问名单`, `${props.reply.orgUnitName}: the list`)}</h2>
      <p class="muted">{t(`${submitted.submittedBy}于 ${when(submitted.submittedAt)} 提交。现金或物资当面发放后，上传受助人签收单的照片即完成发放。`, `Submitted by ${submitted.submittedBy} on ${when(submitted.submittedAt)}. For cash or goods, upload the photo of the receipt the recipient signed once handed over; that completes the delivery.`)}</p>
      <ErrorBox message={error} />
      <DataTable label={t('已提交的名单', 'Submitted list')} columns={[t('户主', 'Head of household'), t('所在工会', 'Union'), t('困难类别', 'Tier'), t('金额', 'Amount'), t('发放方式', 'Delivery'), t('状态', 'Status')]}>
        {submitted.targets.map((target) => (
          <tr key={target.applicationId}>
            <td>{target.refused ? target.name : <a href={`#/applications/${target.applicationId}`}>{target.name}</a>}{target.addedReason && <div class="muted small">{t(`增补：${target.addedReason}`, `Added: ${target.addedReason}`)}</div>}</td>
            <td>{target.orgUnitName}</td>
            <td>{target.tierName}</td>
            <td>{target.amountFen !== null ? formatYuan(target.amountFen) : '—'}</td>
            <td>{target.deliveryName}</td>
            <td>
              {target.refused ?? target.statusName ?? t('处理中', 'Being filed')}
              {target.status === 'DISBURSING' && target.delivery !== 'bank-transfer' && (
                <div>
                  <label for={`receipt-${target.applicationId}`}>{t('上传签收单照片', 'Upload the signed receipt')}</label>
                  <input id={`receipt-${target.applicationId}`} type="file" accept="image/*,application/pdf" capture="environment" disabled={busy !== undefined} onChange={(e) => void receipt(target.applicationId, (e.currentTarget as HTMLInputElement).files?.[0])} />
                  <div class="muted small">{busy === target.applicationId ? t('正在上传…', 'Uploading…') : acceptedHint()}</div>
                </div>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <p><strong>{t(`合计 ${formatYuan(submitted.totalFen)}`, `${formatYuan(submitted.totalFen)} in all`)}</strong></p>
      {submitted.removed.length > 0 && (
        <>
          <h3>{t('移出名单的家庭', 'Households removed')}</h3>
          <ul class="list">
            {submitted.removed.map((removal) => <li key={removal.memberNumber}>{removal.name}（{removal.memberNumber}）：{removal.reason}</li>)}
          </ul>
        </>
      )}
      <p><a href="#/official">{t('去“待我审批”批量审批', 'Approve them from my queue')}</a></p>
    </section>
  );
}
