import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type * as z from 'zod';
import { typedWholeNumber, typedYuanToFen } from '../../../../functions/shared/typed-number.ts';
import { zodIssuesToFields } from '../../../../functions/shared/zod-messages.ts';
import { api, ApiError, NETWORK_UNAVAILABLE, session } from '../../api.ts';
import { requiredDocuments } from '../../../../functions/domain/documents.ts';
import { ErrorBox, Field } from '../../components.tsx';
import { DocumentPicker, type DraftDocument } from '../../documents.tsx';
import { documentNames } from '../../code-names.ts';
import { lang, nameOf, say, t } from '../../i18n.ts';
import { elder } from '../../elder.ts';
import { ReadAloud } from '../../read-aloud.tsx';

/** Whom an official files for, and the photo of their signed consent. */
export interface Assisted {
  member: { sub: string; name: string };
  consentDocumentId: string;
}

export interface FormStep {
  title: [string, string];
  /** The details fields this step asks for: its errors keep the worker on it. */
  paths: string[];
}

/** Yuan as people type it ("3.5万", "35,000", "３５０００", "¥120") to integer fen; undefined when it is not an amount. */
export function yuanToFen(text: string): number | undefined {
  const parsed = typedYuanToFen(text);
  return 'fen' in parsed ? parsed.fen : undefined;
}

/**
 * An amount field's value for the schema: blank is `blank`, anything unreadable is NaN, which the
 * schema's message turns into "请只填数字，如 35000".
 */
export const fenOrInvalid = (text: string, blank: number | undefined = undefined): number | undefined =>
  text.trim() === '' ? blank : (yuanToFen(text) ?? Number.NaN);

/** A whole-number field's value for the schema (３, 3人 read as 3): blank is `blank`, anything unreadable NaN. */
export const wholeOrInvalid = (text: string, blank: number | undefined = undefined): number | undefined =>
  text.trim() === '' ? blank : (typedWholeNumber(text) ?? Number.NaN);

/** The steps every form ends with, after the program's own: the card, the documents, the check before sending. */
const closingSteps: FormStep[] = [
  { title: ['收款账户', 'Bank account'], paths: ['bankAccount'] },
  { title: ['证明材料', 'Documents'], paths: ['attachments'] },
  { title: ['确认提交', 'Check and send'], paths: [] },
];

/** The first problem at each path of a parse, in the reader's language (none when it passed). */
export function problemsOf(result: { success: true } | { success: false; error: z.ZodError }, prefix?: string): Record<string, string> {
  const byPath: Record<string, string> = {};
  if (!result.success) for (const field of zodIssuesToFields(result.error, prefix)) byPath[field.path] ??= say(field.message);
  return byPath;
}

const touches = (problemPath: string, path: string) => problemPath === path || problemPath.startsWith(`${path}.`);

/**
 * A program's application form in steps: the draft is kept on this device until sent, each step is
 * checked as the worker types with the program's own zod schema (the API parses with the same),
 * and the server's field errors are shown where they belong.
 */
export function useProgramForm<Draft extends { step: number; idempotencyKey: string; bankAccount: BankDraft; documents: DraftDocument[] }>(options: {
  program: string;
  schema: z.ZodType;
  /** The program's own steps; the closing ones follow. */
  steps: FormStep[];
  emptyDraft: (holder: string) => Draft;
  toDetails: (draft: Draft) => unknown;
  /** An official filing for a member: the draft is theirs, the card the member's, the consent photo attached. */
  assisted?: Assisted | undefined;
}) {
  const user = session.user();
  const assisted = options.assisted;
  const draftKey = `warmth.draft.${options.program}.${user?.sub ?? ''}${assisted ? `.for.${assisted.member.sub}` : ''}`;
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = localStorage.getItem(draftKey);
    const draft = saved ? (JSON.parse(saved) as Draft) : undefined;
    // A stale tab may have written back a draft that another tab sent: a new visit starts afresh.
    // Drafts from before documents were uploaded named them only: those names are dropped.
    if (draft && !localStorage.getItem(`warmth.sent.${draft.idempotencyKey}`)) return Array.isArray(draft.documents) ? draft : { ...draft, documents: [] };
    localStorage.removeItem(draftKey);
    return options.emptyDraft(assisted?.member.name ?? user?.name ?? '');
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);

  // Saved as it changes, not after the next paint: a reload or a closed tab loses nothing typed.
  const changeDraft = (change: (draft: Draft) => Draft) =>
    setDraft((current) => {
      const next = change(current);
      localStorage.setItem(draftKey, JSON.stringify(next));
      return next;
    });

  // A form sent from another tab (or before a reload of a stale page) is not sent again: its key says it went.
  const sentKey = (key: string) => `warmth.sent.${key}`;
  const [sentAs, setSentAs] = useState<string | null>(() => localStorage.getItem(sentKey(draft.idempotencyKey)));
  useEffect(() => {
    const changed = () => setSentAs(localStorage.getItem(sentKey(draft.idempotencyKey)));
    addEventListener('storage', changed);
    return () => removeEventListener('storage', changed);
  }, [draft.idempotencyKey]);

  // The schema, and the documents the program requires (the API says the same at submit).
  const problems = useMemo(() => {
    const found = problemsOf(options.schema.safeParse(options.toDetails(draft)));
    const missing = (requiredDocuments[options.program] ?? []).filter((kind) => !draft.documents.some((document) => document.kind === kind));
    if (missing.length) found.attachments ??= t(`请上传${missing.map((kind) => nameOf(documentNames, kind)).join('、')}（必需的材料）`, `Upload the ${missing.map((kind) => nameOf(documentNames, kind).toLowerCase()).join(', ')} (a required document)`);
    return found;
  }, [draft, lang.value]);

  /** Changes the draft and marks `path` as touched, so its problem shows from now on. */
  function update(change: (draft: Draft) => Draft, path: string) {
    changeDraft((d) => change(structuredClone(d)));
    setTouched((s) => new Set(s).add(path));
    setServerErrors((e) => ({ ...e, [path]: '' }));
  }

  const steps = [...options.steps, ...closingSteps];
  const step = steps[draft.step] ?? steps[0]!;
  const stepValid = step.paths.every((path) => !Object.keys(problems).some((problem) => touches(problem, path)));
  const last = draft.step === steps.length - 1;

  return {
    draft,
    assisted,
    steps,
    /** Which closing step is showing (0 the card, 1 the documents, 2 the summary), negative before them. */
    closingStep: draft.step - options.steps.length,
    step,
    last,
    sending,
    error,
    valid: Object.keys(problems).length === 0,
    update,
    errorOf(path: string): string | undefined {
      if (serverErrors[path]) return serverErrors[path];
      if (![...touched].some((marked) => touches(path, marked))) return undefined;
      return problems[path] ?? Object.entries(problems).find(([problem]) => touches(problem, path))?.[1];
    },
    /** The bank-account step's change, the same in every form. */
    changeBankAccount(change: Partial<BankDraft>, path: string) {
      update((d) => ({ ...d, bankAccount: { ...d.bankAccount, ...change } }), path);
    },
    /** The documents step's changes, the same in every form: an uploaded document added, or one removed. */
    addDocument(document: DraftDocument) {
      update((d) => ({ ...d, documents: [...d.documents, document] }), 'attachments');
    },
    removeDocument(id: string) {
      update((d) => ({ ...d, documents: d.documents.filter((document) => document.id !== id) }), 'attachments');
    },
    next() {
      setTouched((s) => new Set([...s, ...step.paths]));
      if (stepValid) changeDraft((d) => ({ ...d, step: d.step + 1 }));
    },
    back() {
      changeDraft((d) => ({ ...d, step: Math.max(0, d.step - 1) }));
    },
    /** The reference of this draft if it has been sent already (here or in another tab). */
    sentAs,
    async submit() {
      if (sending) return;
      const already = localStorage.getItem(sentKey(draft.idempotencyKey));
      if (already) {
        setSentAs(already);
        localStorage.removeItem(draftKey);
        return;
      }
      setSending(true);
      setError(undefined);
      try {
        const result = assisted
          ? await api<{ id: string }>('POST', '/applications/assisted', { program: options.program, details: options.toDetails(draft), member: assisted.member.sub, consentDocumentId: assisted.consentDocumentId }, { 'idempotency-key': draft.idempotencyKey })
          : await api<{ id: string }>('POST', '/applications', { program: options.program, details: options.toDetails(draft) }, { 'idempotency-key': draft.idempotencyKey });
        localStorage.setItem(sentKey(draft.idempotencyKey), result.id);
        localStorage.removeItem(draftKey);
        location.hash = assisted ? `#/applications/${result.id}` : `#/receipt/${result.id}`;
      } catch (caught) {
        if (!(caught instanceof ApiError)) throw caught;
        if (caught.code === NETWORK_UNAVAILABLE) {
          setError(t('网络异常，请稍后重试；您填写的内容已保存。', 'Network problem; try again later. What you entered is saved.'));
          return;
        }
        setError(caught.message);
        const byPath: Record<string, string> = {};
        for (const field of caught.fields) byPath[field.path.replace(/^details\./, '')] = field.message;
        setServerErrors(byPath);
        setTouched((s) => new Set([...s, ...Object.keys(byPath)]));
        const firstStep = steps.findIndex((s) => s.paths.some((path) => Object.keys(byPath).some((problem) => touches(problem, path))));
        if (firstStep >= 0) changeDraft((d) => ({ ...d, step: firstStep }));
      } finally {
        setSending(false);
      }
    },
  };
}

type ProgramForm = ReturnType<typeof useProgramForm<any>>;

/** What counts as one question of a step: a field, a group of fields, a yes/no choice. */
const QUESTION = ':scope > .field, :scope > fieldset, :scope > .choice, :scope > .member, :scope > .row, :scope > .indent, :scope > .card';

/**
 * 长辈模式 asks one question per screen: of the step's questions only the current one shows, and
 * 下一题 / 上一题 move between them before the step's own next and back. Elsewhere, all show.
 */
function useOneQuestionAtATime(step: number) {
  const body = useRef<HTMLDivElement>(null);
  const [question, setQuestion] = useState(0);
  const [count, setCount] = useState(1);
  const toError = useRef(false);
  useEffect(() => setQuestion(0), [step]);
  useLayoutEffect(() => {
    const questions = body.current ? [...body.current.querySelectorAll<HTMLElement>(QUESTION)] : [];
    if (questions.length !== count) setCount(Math.max(1, questions.length));
    if (toError.current) {
      toError.current = false;
      const failed = questions.findIndex((element) => element.querySelector('.error'));
      if (failed >= 0 && failed !== question) {
        setQuestion(failed);
        return;
      }
    }
    const shown = Math.min(question, Math.max(0, questions.length - 1));
    questions.forEach((element, index) => {
      element.hidden = elder.on && index !== shown;
    });
  });
  const active = elder.on && count > 1;
  return {
    body,
    position: active ? { question: Math.min(question, count - 1) + 1, count } : undefined,
    /** True when it moved to the next question (the step's own next is not due yet). */
    forward(): boolean {
      if (!active || question >= count - 1) {
        toError.current = true;
        return false;
      }
      setQuestion(question + 1);
      return true;
    },
    backward(): boolean {
      if (!active || question === 0) return false;
      setQuestion(question - 1);
      return true;
    },
  };
}

/** The frame of every application form: where you are, the steps, and back / next / send. */
export function FormShell(props: { title: string; form: ProgramForm; children: ComponentChildren }) {
  const { form } = props;
  const questions = useOneQuestionAtATime(form.draft.step);
  return (
    <main class="page form-page">
      <p class="crumbs"><a href={form.assisted ? '#/official/assisted' : '#/worker'}>{form.assisted ? t('代会员申请', 'Apply for a member') : t('首页', 'Home')}</a> › {props.title}</p>
      <h1>{props.title}</h1>
      {form.assisted && <p class="banner">{t(`为会员${form.assisted.member.name}代为申请（已上传本人签字的委托申请书）`, `Filing for ${form.assisted.member.name} (their signed consent form is uploaded)`)}</p>}
      <ol class="stepper" aria-label={t('步骤', 'Steps')}>
        {form.steps.map((s, index) => (
          <li key={index} class={index === form.draft.step ? 'current' : index < form.draft.step ? 'done' : ''} aria-current={index === form.draft.step ? 'step' : undefined}>
            {t(...s.title)}
          </li>
        ))}
      </ol>
      <ErrorBox message={form.error} />
      {form.sentAs ? (
        <section class="notice" role="status">
          <p>{t(`这份申请已经提交（受理编号 ${form.sentAs}），无需再次提交。`, `This application has been sent already (reference ${form.sentAs}); there is no need to send it again.`)}</p>
          <a class="button" href={`#/applications/${form.sentAs}`}>{t('查看进度', 'See its progress')}</a>
        </section>
      ) : (
        <>
          <div id="form-step" class="step-body" ref={questions.body}>
            <h2 class="step-title">
              {t(`第 ${form.draft.step + 1} 步，共 ${form.steps.length} 步：`, `Step ${form.draft.step + 1} of ${form.steps.length}: `)}
              {t(...form.step.title)}
              {questions.position && <span class="muted">{t(`（第 ${questions.position.question} 题，共 ${questions.position.count} 题）`, ` (question ${questions.position.question} of ${questions.position.count})`)}</span>}
            </h2>
            {props.children}
          </div>
          <ReadAloud target="form-step" label={t('朗读这一步', 'Read this step aloud')} />
          <FormButtons form={form} questions={questions} />
        </>
      )}
    </main>
  );
}

/** Back, next, and send on the last step (once: it stays disabled while sending). */
function FormButtons(props: { form: ProgramForm; questions: ReturnType<typeof useOneQuestionAtATime> }) {
  const { form, questions } = props;
  const position = questions.position;
  const moreQuestions = position !== undefined && position.question < position.count;
  return (
    <>
      <div class="actions">
        {(form.draft.step > 0 || (position && position.question > 1)) && (
          <button class="secondary" onClick={() => questions.backward() || form.back()}>{position && position.question > 1 ? t('上一题', 'Previous question') : t('上一步', 'Back')}</button>
        )}
        {(!form.last || moreQuestions) && <button onClick={() => questions.forward() || form.next()}>{moreQuestions ? t('下一题', 'Next question') : t('下一步', 'Next')}</button>}
        {form.last && !moreQuestions && (
          <button onClick={form.submit} disabled={form.sending || !form.valid}>
            {form.sending ? t('提交中…', 'Sending…') : t('提交申请', 'Send the application')}
          </button>
        )}
      </div>
    </>
  );
}

/** What a field needs of its form: the problem to show for its path. */
type Form = { errorOf(path: string): string | undefined };

/** A labelled text input bound to one details field of the draft. */
export function TextField(props: {
  form: Form;
  id: string;
  path: string;
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  inputMode?: 'numeric' | 'decimal' | 'text';
  type?: string;
  maxLength?: number;
}) {
  const error = props.form.errorOf(props.path);
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={error}>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        autocomplete="off"
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </Field>
  );
}

/** A labelled select of coded values, each shown in the reader's language. */
export function SelectField<K extends string>(props: { form: Form; id: string; path: string; label: string; hint?: string; value: string; options: readonly K[]; names: Record<K, [string, string]>; onChange: (value: K) => void }) {
  const error = props.form.errorOf(props.path);
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={error}>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as K)}>
        {props.options.map((option) => (
          <option key={option} value={option}>{nameOf(props.names, option)}</option>
        ))}
      </select>
    </Field>
  );
}

/** A yes/no question as a checkbox the whole width of the row. */
export function Toggle(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label class="choice">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      {props.label}
    </label>
  );
}

export interface BankDraft {
  holder: string;
  bank: string;
  number: string;
}

/** The bank-account step every program shares: the money goes to the worker's own card. */
export function BankAccountStep(props: { form: Form; value: BankDraft; onChange: (change: Partial<BankDraft>, path: string) => void }) {
  return (
    <>
      <p class="hint">{t('款项发放到您本人的银行卡（户名须为本人）。', 'The money is paid to your own bank card (in your name).')}</p>
      <TextField form={props.form} id="bankAccount-holder" path="bankAccount.holder" label={t('户名', 'Account holder')} value={props.value.holder} onInput={(v) => props.onChange({ holder: v }, 'bankAccount.holder')} />
      <TextField form={props.form} id="bankAccount-bank" path="bankAccount.bank" label={t('开户银行', 'Bank')} value={props.value.bank} onInput={(v) => props.onChange({ bank: v }, 'bankAccount.bank')} />
      <TextField form={props.form} id="bankAccount-number" path="bankAccount.number" label={t('银行卡号', 'Account number')} inputMode="numeric" value={props.value.number} onInput={(v) => props.onChange({ number: v.replace(/\s/g, '') }, 'bankAccount.number')} />
    </>
  );
}

/** The summary before sending: what the worker said, in their words, ending with the card and documents every form asks for. */
function Summary(props: { rows: [string, ComponentChildren][]; bankAccount: BankDraft; documents: DraftDocument[] }) {
  const { bankAccount, documents } = props;
  const rows: [string, ComponentChildren][] = [
    ...props.rows,
    [t('收款账户', 'Bank account'), `${bankAccount.holder} · ${bankAccount.bank} · ****${bankAccount.number.slice(-4)}`],
    [t('证明材料', 'Documents'), documentsSummary(documents)],
  ];
  return (
    <>
      <p class="hint">{t('请核对以下信息，确认无误后提交。', 'Check what you entered, then send it.')}</p>
      <dl class="summary">
        {rows.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

/** The documents step: photos or PDFs of each kind the program asks for, uploaded as they are picked. */
function DocumentsStep(props: { form: Form; program: string; kinds: readonly string[]; value: DraftDocument[]; onAdd: (document: DraftDocument) => void; onRemove: (id: string) => void; hint: string }) {
  return (
    <>
      <p class="hint">{props.hint}</p>
      <DocumentPicker program={props.program} kinds={props.kinds} required={requiredDocuments[props.program] ?? []} documents={props.value} onAdd={props.onAdd} onRemove={props.onRemove} error={props.form.errorOf('attachments')} />
    </>
  );
}

/** Per kind, how many files: 录取通知书 2 份、其他材料 1 份. */
function documentsSummary(documents: DraftDocument[]): string {
  const counts = new Map<string, number>();
  for (const document of documents) counts.set(document.kind, (counts.get(document.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => t(`${nameOf(documentNames, kind)} ${count} 份`, `${nameOf(documentNames, kind)}: ${count}`)).join(t('、', ', ')) || t('（未上传）', '(none)');
}

/** The uploaded documents of the draft, as the schema's attachments. */
export const attachmentsFrom = (documents: DraftDocument[]) => documents.map((document) => ({ kind: document.kind, documentId: document.id, name: document.name }));

/**
 * The closing steps of a form, each when it is showing: the card, the documents the program asks
 * for, and the summary (the program's own rows, then the card and documents).
 */
export function ClosingSteps<K extends string>(props: { form: ProgramForm; program: string; documentKinds: readonly K[]; documentsHint: string; summary: () => [string, ComponentChildren][] }) {
  const { form } = props;
  switch (form.closingStep) {
    case 0:
      return <BankAccountStep form={form} value={form.draft.bankAccount} onChange={form.changeBankAccount} />;
    case 1:
      return <DocumentsStep form={form} program={props.program} kinds={props.documentKinds} hint={props.documentsHint} value={form.draft.documents} onAdd={form.addDocument} onRemove={form.removeDocument} />;
    case 2:
      return <Summary rows={props.summary()} bankAccount={form.draft.bankAccount} documents={form.draft.documents} />;
    default:
      return null;
  }
}
