import { useState } from 'preact/hooks';
import { api, ApiError, type FieldError } from '../../api.ts';
import { CheckList, DataTable, Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { day, nameOf, shanghaiToday, t, when } from '../../i18n.ts';
import { causeText, conditionText, relationText } from '../../code-names.ts';
import { closeReasonText, fileEntryKindText, fileStateText } from '../../../../functions/shared/code-names.ts';
import { typedWholeNumber, typedYuanToFen } from '../../../../functions/shared/typed-number.ts';
import { useGet } from '../../use-get.ts';
import { FileBasics, TierDecisionBlock, type FileSummary, type HouseholdFileView, type TierDecisionView } from '../../household-file.tsx';
import { fieldError, OfficialNav } from './common.tsx';

interface RecordedHousehold {
  members: { relation: string; name: string; age: number; annualIncomeFen: number; condition: string }[];
  rigidExpenditureFen: number;
  accidentCostFen: number;
  compensationFen: number;
}

interface ReviewView {
  fileId: string;
  year: number;
  head: { name: string };
  orgUnit: { name: string };
  state: string;
  stateName: string;
  dueOn: string;
  spotCheckBy?: string;
  escalatedTo?: string;
  outcomeName?: string;
  outcomeSentence?: string;
  reviewedAt?: string;
  reviewedBy?: string;
  checks?: { code: string; passed: boolean; message: string }[];
}

interface OfficialFileView extends HouseholdFileView {
  household: RecordedHousehold | null;
  review: ReviewView | null;
  tierHistory: TierDecisionView[];
  closeNote?: string;
  entries: { kindName: string; on: string; text: string; at: string; by: string }[];
  audit: { seq: number; at: string; action: string; actor: { name: string; roleName: string }; reason?: string }[];
}

/** What each audit action did, in words (the trail records the code). */
const actionNames: Record<string, [string, string]> = {
  FILE_OPEN: ['建档', 'Opened'],
  FILE_OPEN_BY_APPLICATION: ['帮扶申请审批通过后建档', 'Opened on an approved application'],
  FILE_RETIER: ['调档', 'Re-tiered'],
  FILE_RETIER_BY_APPLICATION: ['帮扶申请审批通过后调档', 'Re-tiered on an approved application'],
  FILE_CONVERT: ['临时救助转为正式建档', 'Temporary file made regular'],
  FILE_CLOSE: ['退档', 'Closed'],
  FILE_CANCEL: ['结束临时救助', 'Temporary relief ended'],
  FILE_VISIT: ['记录走访', 'Visit recorded'],
  FILE_NOTE: ['添加备注', 'Note added'],
  FILE_REVIEW_PROPOSED: ['低保名单变化，待复核', 'Dibao list changed: to review'],
  FILE_MEDICAL_WARNING: ['防返困预警', 'Return-to-hardship warning'],
  FILE_REVIEW_CONFIRM: ['年度复核：类别不变', 'Yearly review: tier stands'],
  FILE_REVIEW_RETIER: ['年度复核：调档', 'Yearly review: re-tiered'],
  FILE_REVIEW_CLOSE: ['年度复核：退档', 'Yearly review: closed'],
};

const options = (table: Record<string, [string, string]>) => Object.keys(table).map((code) => <option key={code} value={code}>{nameOf(table, code)}</option>);

/** Sends a form's request; a 4xx shows the fields it names and its message. */
function useSend() {
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function send<T>(run: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      return await run();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setFields(caught.fields);
      setError(caught.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { fields, error, busy, send, fail: (message: string, problems: FieldError[]) => { setError(message); setFields(problems); } };
}

/** 困难职工档案 of the official's part of the tree, by state. */
export function HouseholdFileList() {
  const [state, setState] = useState('OPEN');
  const list = useGet<{ items: FileSummary[] }>(`/household-files${state ? `?state=${state}` : ''}`);
  const items = list.data?.items;
  return (
    <main class="page wide">
      <OfficialNav current="files" />
      <h1>{t('困难职工档案', 'Hardship files')}</h1>
      <p class="muted">{t('每户一份档案；一户在全市只能有一份在档档案。帮扶申请审批通过后自动建档，也可以在此按同样的条件建档。', 'One file per household, and one open file per household across the city. An approved hardship-relief application opens one; you can also open one here on the same conditions.')}</p>
      <p>
        <a class="button" href="#/official/files/new">{t('建档', 'Open a file')}</a>{' '}
        <a href="#/official/files/watch">{t('关注名单', 'Watch-lists')}</a>{' · '}
        <a href="#/official/files/reviews">{t('年度复核', 'Yearly review')}</a>
      </p>
      <div class="filters">
        <Field id="file-state" label={t('档案状态', 'State')}>
          <select id="file-state" value={state} onChange={(e) => setState((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('全部', 'All')}</option>
            {options(fileStateText)}
          </select>
        </Field>
      </div>
      <ErrorBox message={list.error} />
      {!items && !list.error && <Loading />}
      {items?.length === 0 && <Empty>{t('没有这种状态的档案。', 'No file in this state.')}</Empty>}
      {items && items.length > 0 && (
        <DataTable label={t('档案列表', 'Files')} columns={[t('户主', 'Head of household'), t('所在工会', 'Union'), t('困难类别', 'Tier'), t('状态', 'State'), t('建档日期', 'Filed on')]}>
          {items.map((file) => (
            <tr key={file.id}>
              <td><a href={`#/official/files/${file.id}`}>{file.head.name}</a></td>
              <td>{file.orgUnit.name}</td>
              <td>{file.tierName}</td>
              <td>{file.stateName}{file.closeReasonName ? `（${file.closeReasonName}）` : ''}</td>
              <td>{day(file.filedOn)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}

/** The watch-lists: files unchanged for a year, filed households not helped this year, households out of hardship lately. */
export function HouseholdWatchLists() {
  const loaded = useGet<{ lists: { list: string; name: string; items: FileSummary[] }[] }>('/household-files/watch-lists');
  return (
    <main class="page wide">
      <OfficialNav current="files" />
      <p><a href="#/official/files">{t('返回档案列表', 'Back to the files')}</a></p>
      <h1>{t('关注名单', 'Watch-lists')}</h1>
      <p class="muted">{t('请优先走访名单上的家庭：档案久未更新的应复核，在档却未获帮扶的应了解原因，刚脱困的家庭应防止返困。', 'Visit these households first: a file not updated for long needs a review, a filed household not helped needs asking why, and a household just out of hardship needs watching so it does not fall back.')}</p>
      <ErrorBox message={loaded.error} />
      {!loaded.data && !loaded.error && <Loading />}
      {loaded.data?.lists.map((list) => (
        <section key={list.list} aria-labelledby={`watch-${list.list}`}>
          <h2 id={`watch-${list.list}`}>{list.name}（{list.items.length}）</h2>
          {list.items.length === 0 ? (
            <Empty>{t('名单为空。', 'Nobody on this list.')}</Empty>
          ) : (
            <ul class="list plain">
              {list.items.map((file) => (
                <li key={file.id}>
                  <a href={`#/official/files/${file.id}`}>{file.head.name}</a> · {file.orgUnit.name} · {file.tierName} · {file.stateName} · {t('最后更新', 'last changed')} {when(file.updatedAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </main>
  );
}

/** 年度复核 of this year: the tasks of the official's units, overdue first, and the spot checks drawn for their unit. */
export function HouseholdReviews() {
  const loaded = useGet<{ year: number; items: ReviewView[]; spotChecks: ReviewView[] }>('/household-reviews');
  const table = (items: ReviewView[]) =>
    items.length === 0 ? (
      <Empty>{t('没有复核任务。', 'No review task.')}</Empty>
    ) : (
      <DataTable label={t('复核任务表', 'Review tasks')} columns={[t('户主', 'Head of household'), t('所在工会', 'Union'), t('状态', 'State'), t('截止日期', 'Due'), t('结果', 'Outcome')]}>
        {items.map((review) => (
          <tr key={review.fileId} class={review.state === 'OVERDUE' ? 'overdue' : undefined}>
            <td><a href={`#/official/files/${review.fileId}`}>{review.head.name}</a></td>
            <td>{review.orgUnit.name}</td>
            <td>{review.stateName}{review.escalatedTo ? `（${t('已上报', 'escalated to ')}${review.escalatedTo}）` : ''}</td>
            <td>{day(review.dueOn)}</td>
            <td>{review.outcomeName ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    );
  return (
    <main class="page wide">
      <OfficialNav current="files" />
      <p><a href="#/official/files">{t('返回档案列表', 'Back to the files')}</a></p>
      <h1>{loaded.data ? t(`${loaded.data.year} 年度复核`, `Yearly review ${loaded.data.year}`) : t('年度复核', 'Yearly review')}</h1>
      <p class="muted">{t('每份在档档案每年复核一次，由所在工会完成；上级工会抽查其中至少三成。逾期未复核的会标出并上报上级工会。', 'Every open file is reviewed once a year by its union; the union above spot-checks at least 30% of them. A review not done in time is flagged and reported to the union above.')}</p>
      <ErrorBox message={loaded.error} />
      {!loaded.data && !loaded.error && <Loading />}
      {loaded.data && (
        <>
          <section aria-labelledby="tasks"><h2 id="tasks">{t('复核任务', 'Review tasks')}</h2>{table(loaded.data.items)}</section>
          <section aria-labelledby="spot"><h2 id="spot">{t('本单位抽查', 'Spot checks for your union')}</h2>{table(loaded.data.spotChecks)}</section>
        </>
      )}
    </main>
  );
}

interface MemberRow {
  relation: string;
  name: string;
  age: string;
  income: string;
  condition: string;
}

interface HouseholdDraft {
  members: MemberRow[];
  rigid: string;
  accident: string;
  compensation: string;
}

const yuan = (fen: number) => String(fen / 100);

/** The recorded facts as a draft to change (调档 starts from what the file holds). */
const draftOf = (household: RecordedHousehold | null): HouseholdDraft =>
  household
    ? {
        members: household.members.map((member) => ({ relation: member.relation, name: member.name, age: String(member.age), income: yuan(member.annualIncomeFen), condition: member.condition })),
        rigid: yuan(household.rigidExpenditureFen),
        accident: yuan(household.accidentCostFen),
        compensation: yuan(household.compensationFen),
      }
    : emptyDraft();

const emptyDraft = (): HouseholdDraft => ({ members: [{ relation: 'self', name: '', age: '', income: '', condition: 'none' }], rigid: '0', accident: '0', compensation: '0' });

/** The draft as the API takes it, or the fields that could not be read as numbers. */
function householdBody(draft: HouseholdDraft): { household: unknown } | { problems: FieldError[] } {
  const problems: FieldError[] = [];
  const fen = (text: string, path: string) => {
    const read = typedYuanToFen(text);
    if ('problem' in read) {
      problems.push({ path, message: t(read.problem.zh, read.problem.en) });
      return 0;
    }
    return read.fen;
  };
  const members = draft.members.map((member, index) => {
    const age = typedWholeNumber(member.age);
    if (age === undefined) problems.push({ path: `household.members.${index}.age`, message: t('请只填数字，如 35', 'Numbers only, such as 35') });
    return { relation: member.relation, name: member.name, age: age ?? 0, annualIncomeFen: fen(member.income, `household.members.${index}.annualIncomeFen`), condition: member.condition };
  });
  const household = { members, rigidExpenditureFen: fen(draft.rigid, 'household.rigidExpenditureFen'), accidentCostFen: fen(draft.accident, 'household.accidentCostFen'), compensationFen: fen(draft.compensation, 'household.compensationFen') };
  return problems.length ? { problems } : { household };
}

/** The household's members with income and health, and its costs: what the tier is decided on. */
function HouseholdEditor(props: { prefix?: string; draft: HouseholdDraft; onChange: (draft: HouseholdDraft) => void; fields: FieldError[] }) {
  const { draft, onChange, fields } = props;
  const p = props.prefix ?? 'm';
  const setMember = (index: number, patch: Partial<MemberRow>) => onChange({ ...draft, members: draft.members.map((member, i) => (i === index ? { ...member, ...patch } : member)) });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <fieldset>
      <legend>{t('家庭成员与收入', 'Household members and income')}</legend>
      {draft.members.map((member, index) => (
        <div class="card" key={index}>
          <h3>{t(`成员 ${index + 1}`, `Member ${index + 1}`)}</h3>
          <Field id={`${p}${index}-relation`} label={t('与户主关系', 'Relation')} error={fieldError(fields, `household.members.${index}.relation`)}>
            <select id={`${p}${index}-relation`} value={member.relation} onChange={(e) => setMember(index, { relation: value(e) })}>{options(relationText)}</select>
          </Field>
          <Field id={`${p}${index}-name`} label={t('姓名', 'Name')} error={fieldError(fields, `household.members.${index}.name`)}>
            <input id={`${p}${index}-name`} value={member.name} onInput={(e) => setMember(index, { name: value(e) })} />
          </Field>
          <Field id={`${p}${index}-age`} label={t('年龄', 'Age')} error={fieldError(fields, `household.members.${index}.age`)}>
            <input id={`${p}${index}-age`} inputMode="numeric" value={member.age} onInput={(e) => setMember(index, { age: value(e) })} />
          </Field>
          <Field id={`${p}${index}-income`} label={t('年收入（元）', 'Income a year (yuan)')} error={fieldError(fields, `household.members.${index}.annualIncomeFen`)}>
            <input id={`${p}${index}-income`} inputMode="decimal" value={member.income} onInput={(e) => setMember(index, { income: value(e) })} />
          </Field>
          <Field id={`${p}${index}-condition`} label={t('健康状况', 'Health')} error={fieldError(fields, `household.members.${index}.condition`)}>
            <select id={`${p}${index}-condition`} value={member.condition} onChange={(e) => setMember(index, { condition: value(e) })}>{options(conditionText)}</select>
          </Field>
          {draft.members.length > 1 && <button type="button" class="link" onClick={() => onChange({ ...draft, members: draft.members.filter((_, i) => i !== index) })}>{t('删除该成员', 'Remove this member')}</button>}
        </div>
      ))}
      {fieldError(fields, 'household.members') && !draft.members.some((_, index) => fieldError(fields, `household.members.${index}`)) && <p class="error" role="alert">{fieldError(fields, 'household.members')}</p>}
      <button type="button" class="secondary" onClick={() => onChange({ ...draft, members: [...draft.members, { relation: 'child', name: '', age: '', income: '0', condition: 'none' }] })}>{t('添加成员', 'Add a member')}</button>
      <Field id={`${p}-rigid`} label={t('刚性支出（元/年）', 'Rigid expenditure (yuan a year)')} hint={t('如医疗、教育等必需支出，从收入中扣除。', 'Such as medical and schooling costs; taken off the income.')} error={fieldError(fields, 'household.rigidExpenditureFen')}>
        <input id={`${p}-rigid`} inputMode="decimal" value={draft.rigid} onInput={(e) => onChange({ ...draft, rigid: value(e) })} />
      </Field>
      <Field id={`${p}-accident`} label={t('本年意外支出（元）', 'Accident costs this year (yuan)')} error={fieldError(fields, 'household.accidentCostFen')}>
        <input id={`${p}-accident`} inputMode="decimal" value={draft.accident} onInput={(e) => onChange({ ...draft, accident: value(e) })} />
      </Field>
      <Field id={`${p}-compensation`} label={t('已获赔偿（元）', 'Compensation received (yuan)')} error={fieldError(fields, 'household.compensationFen')}>
        <input id={`${p}-compensation`} inputMode="decimal" value={draft.compensation} onInput={(e) => onChange({ ...draft, compensation: value(e) })} />
      </Field>
    </fieldset>
  );
}

/** 建档 by an official: the member, the household's facts and the causes; the rules decide the tier. */
export function OpenHouseholdFile() {
  const [memberNumber, setMemberNumber] = useState('');
  const [draft, setDraft] = useState(emptyDraft());
  const [cause, setCause] = useState('illness');
  const [note, setNote] = useState('');
  const form = useSend();
  async function submit(event: Event) {
    event.preventDefault();
    const read = householdBody(draft);
    if ('problems' in read) return form.fail(t('请按提示修改后再提交。', 'Correct the fields marked below, then send again.'), read.problems);
    const opened = await form.send(() => api<{ id: string }>('POST', '/household-files', { memberNumber, household: read.household, causes: { main: cause, secondary: [] }, ...(note.trim() ? { note } : {}) }));
    if (opened) location.hash = `#/official/files/${opened.id}`;
  }
  return (
    <main class="page wide">
      <OfficialNav current="files" />
      <h1>{t('建档', 'Open a hardship file')}</h1>
      <p class="muted">{t('按困难职工帮扶的同一标准核定困难类别：家庭人均月收入低于低保为深度困难，低于其 2 倍为相对困难，重大意外支出为意外致困（临时救助）。', 'The tier is decided by the hardship-relief rules: income per head below the dibao is deep hardship, below twice it relative hardship, large accident costs accident-caused hardship (temporary relief).')}</p>
      <ErrorBox message={form.error} />
      <form onSubmit={submit} noValidate>
        <Field id="memberNumber" label={t('户主会员号', 'Member number of the head of household')} hint={t('户主须为您所在工会或下级工会的会员。', 'A member of your union or one below it.')} error={fieldError(form.fields, 'memberNumber')}>
          <input id="memberNumber" value={memberNumber} onInput={(e) => setMemberNumber((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <HouseholdEditor draft={draft} onChange={setDraft} fields={form.fields} />
        <Field id="cause" label={t('主要致困原因', 'Main cause of hardship')} error={fieldError(form.fields, 'causes.main')}>
          <select id="cause" value={cause} onChange={(e) => setCause((e.currentTarget as HTMLSelectElement).value)}>{options(causeText)}</select>
        </Field>
        <Field id="note" label={t('说明（可不填）', 'Note (optional)')} error={fieldError(form.fields, 'note')}>
          <textarea id="note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
        </Field>
        <button type="submit" disabled={form.busy}>{t('核定并建档', 'Decide and open the file')}</button>
      </form>
    </main>
  );
}

/** One file for officials: everything, its history, and what they may do with it. */
export function HouseholdFilePage(props: { id: string }) {
  const loaded = useGet<OfficialFileView>(`/household-files/${props.id}`);
  const [changed, setChanged] = useState<OfficialFileView>();
  const file = changed?.id === props.id ? changed : loaded.data;
  return (
    <main class="page wide">
      <OfficialNav current="files" />
      <p><a href="#/official/files">{t('返回档案列表', 'Back to the files')}</a></p>
      <h1>{t('困难职工档案', 'Hardship file')}{file ? `：${file.head.name}` : ''}</h1>
      <ErrorBox message={loaded.error} />
      {!file && !loaded.error && <Loading />}
      {file && (
        <>
          <FileBasics file={file} />
          {file.closeNote && <p>{t('退档说明：', 'Why it was closed: ')}{file.closeNote}</p>}
          {file.tierHistory.length > 0 && (
            <section aria-labelledby="earlier">
              <h2 id="earlier">{t('此前的核定', 'Earlier decisions')}</h2>
              {[...file.tierHistory].reverse().map((decision) => <TierDecisionBlock key={decision.decidedAt} decision={decision} />)}
            </section>
          )}
          <section aria-labelledby="entries">
            <h2 id="entries">{t('走访与备注', 'Visits and notes')}</h2>
            {file.entries.length === 0 ? <Empty>{t('还没有走访记录。', 'No visit recorded yet.')}</Empty> : (
              <ul class="list plain">
                {file.entries.map((entry) => <li key={entry.at}><strong>{entry.kindName}</strong> {day(entry.on)} · {entry.text} <span class="muted small">· {entry.by}</span></li>)}
              </ul>
            )}
            <EntryForm id={file.id} onDone={setChanged} />
          </section>
          {file.review && (
            <section aria-labelledby="review">
              <h2 id="review">{t(`${file.review.year} 年度复核`, `Yearly review ${file.review.year}`)}</h2>
              <p>
                <strong>{file.review.stateName}</strong> · {t('截止', 'due')} {day(file.review.dueOn)}
                {file.review.spotCheckBy && ` · ${t('抽查单位：', 'spot check by ')}${file.review.spotCheckBy}`}
                {file.review.escalatedTo && ` · ${t('已上报', 'escalated to ')}${file.review.escalatedTo}`}
              </p>
              {file.review.outcomeSentence && <p>{file.review.outcomeSentence} <span class="muted small">· {file.review.reviewedBy} · {when(file.review.reviewedAt)}</span></p>}
              {file.review.checks && <CheckList checks={file.review.checks} />}
              {file.review.state !== 'DONE' && (file.state === 'OPEN' || file.state === 'TEMPORARY') && <RetierForm key={`review-${file.updatedAt}`} id={file.id} household={file.household} temporary={false} review onDone={setChanged} />}
            </section>
          )}
          {(file.state === 'OPEN' || file.state === 'TEMPORARY') && (
            <>
              <RetierForm key={file.updatedAt} id={file.id} household={file.household} temporary={file.state === 'TEMPORARY'} onDone={setChanged} />
              <CloseForm id={file.id} temporary={file.state === 'TEMPORARY'} onDone={setChanged} />
            </>
          )}
          <section aria-labelledby="audit">
            <h2 id="audit">{t('审计记录', 'Audit trail')}</h2>
            <ol class="history">
              {file.audit.map((event) => (
                <li key={event.seq}>{when(event.at)} · {nameOf(actionNames, event.action)} · {event.actor.name}（{event.actor.roleName}）{event.reason ? ` · ${event.reason}` : ''}</li>
              ))}
            </ol>
          </section>
        </>
      )}
    </main>
  );
}

function EntryForm(props: { id: string; onDone: (file: OfficialFileView) => void }) {
  const [kind, setKind] = useState('visit');
  const [on, setOn] = useState(shanghaiToday());
  const [text, setText] = useState('');
  const form = useSend();
  async function submit(event: Event) {
    event.preventDefault();
    const saved = await form.send(() => api<OfficialFileView>('POST', `/household-files/${props.id}/entries`, { kind, on, text }));
    if (saved) {
      setText('');
      props.onDone(saved);
    }
  }
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h3>{t('记录走访或备注', 'Record a visit or a note')}</h3>
      <ErrorBox message={form.error} />
      <Field id="entry-kind" label={t('类型', 'Kind')}>
        <select id="entry-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>{options(fileEntryKindText)}</select>
      </Field>
      <Field id="entry-on" label={t('日期', 'Date')} error={fieldError(form.fields, 'on')}>
        <input id="entry-on" type="date" value={on} onInput={(e) => setOn((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      <Field id="entry-text" label={t('内容', 'What happened')} error={fieldError(form.fields, 'text')}>
        <textarea id="entry-text" value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <button type="submit" disabled={form.busy}>{t('保存', 'Save')}</button>
    </form>
  );
}

/** 调档, or the yearly review (`review`): the household's facts now, decided again. */
function RetierForm(props: { id: string; household: RecordedHousehold | null; temporary: boolean; review?: boolean; onDone: (file: OfficialFileView) => void }) {
  const prefix = props.review ? 'review' : 'retier';
  const [draft, setDraft] = useState(() => draftOf(props.household));
  const [reason, setReason] = useState('');
  const form = useSend();
  async function submit(event: Event) {
    event.preventDefault();
    const read = householdBody(draft);
    if ('problems' in read) return form.fail(t('请按提示修改后再提交。', 'Correct the fields marked below, then send again.'), read.problems);
    const saved = await form.send(() =>
      props.review
        ? api<OfficialFileView>('POST', `/household-files/${props.id}/review`, { household: read.household, note: reason })
        : api<OfficialFileView>('POST', `/household-files/${props.id}/retier`, { household: read.household, reason }),
    );
    if (saved) props.onDone(saved);
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{props.review ? t('复核', 'Review') : props.temporary ? t('转为正式建档', 'Make it a regular file') : t('调档', 'Re-tier')}</h2>
      <p class="muted">{props.review ? t('核实家庭现状，按现行政策重新核定；不再符合条件的将退档。', 'Check the household as it is now; it is decided again under the policy in force, and a household that no longer qualifies is closed.') : t('登记家庭的最新情况，按现行政策重新核定困难类别。', 'Enter the household as it is now; the tier is decided again under the policy in force.')}</p>
      <ErrorBox message={form.error} />
      <HouseholdEditor prefix={props.review ? 'r' : 'm'} draft={draft} onChange={setDraft} fields={form.fields} />
      <Field id={`${prefix}-reason`} label={props.review ? t('复核意见', 'Review note') : t('调档原因', 'Why')} error={fieldError(form.fields, props.review ? 'note' : 'reason')}>
        <textarea id={`${prefix}-reason`} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <button type="submit" disabled={form.busy}>{props.review ? t('完成复核', 'Complete the review') : t('重新核定', 'Decide again')}</button>
    </form>
  );
}

function CloseForm(props: { id: string; temporary: boolean; onDone: (file: OfficialFileView) => void }) {
  const [reason, setReason] = useState('income-above-line');
  const [note, setNote] = useState('');
  const form = useSend();
  async function submit(event: Event) {
    event.preventDefault();
    const saved = await form.send(() => api<OfficialFileView>('POST', `/household-files/${props.id}/close`, { reason, note }));
    if (saved) props.onDone(saved);
  }
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="close-title">
      <h2 id="close-title">{props.temporary ? t('结束临时救助', 'End the temporary relief') : t('退档', 'Close the file')}</h2>
      <ErrorBox message={form.error} />
      <Field id="close-reason" label={t('原因', 'Reason')} error={fieldError(form.fields, 'reason')}>
        <select id="close-reason" value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}>{options(closeReasonText)}</select>
      </Field>
      <Field id="close-note" label={t('说明', 'Note')} error={fieldError(form.fields, 'note')}>
        <textarea id="close-note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      <button type="submit" disabled={form.busy}>{props.temporary ? t('结束', 'End it') : t('退档', 'Close')}</button>
    </form>
  );
}
