import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, session, type FieldError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading, ScrollBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { day, nameOf, programName, shanghaiToday, statusName, t, when } from '../../i18n.ts';
import { fieldError, OfficialNav } from './common.tsx';
import { tierName } from '../../code-names.ts';
import { OrgUnitSelect, UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { formValues, levelChoices, parametersFrom, policyForms, type FieldValue } from './policy-form.ts';

interface ProgramItem {
  id: string;
  name: string;
  policy: { version: string; name: string; orgUnit: string; effectiveFrom: string; summary: string } | null;
}

/** The programs and the parameter version in force for the reader's unit today. */
export function PolicyList() {
  const programs = useGet<{ items: ProgramItem[] }>('/programs');
  const items = programs.data?.items;
  const error = programs.error;
  return (
    <main class="page wide">
      <OfficialNav current="policies" />
      <h1>{t('政策参数', 'Policy parameters')}</h1>
      <ErrorBox message={error} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty>{t('没有项目。', 'There are no programs.')}</Empty>}
      <ul class="cards">
        {items?.map((program) => (
          <li key={program.id} class="card">
            <h2>
              <a href={`#/official/policies/${program.id}`}>{programName(program.id)}</a>
            </h2>
            {program.policy ? (
              <>
                <p>{program.policy.summary}</p>
                <p class="muted small">
                  {t('现行：', 'In force: ')}
                  {program.policy.name}
                </p>
              </>
            ) : (
              <p class="muted">{t('今天没有生效的参数：该项目暂不受理申请。请管理员发布参数。', 'No parameters are in force today, so the program takes no applications; an administrator must publish them.')}</p>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}

interface PolicyVersion {
  id: string;
  /** The version in words (2026年1月1日起施行的第1版). */
  name: string;
  orgUnit: string;
  effectiveFrom: string;
  parameters: Record<string, unknown>;
  publishedAt: string;
  publishedBy: { name: string };
  summary: string;
}

interface Outcome {
  eligible: boolean;
  tier: string | null;
  amountFen: number;
}

interface Simulation {
  evaluated: number;
  changedCount: number;
  changed: { id: string; applicant: string; orgUnit: string; status: string; changes: string[]; before: Outcome; after: Outcome }[];
  costBeforeFen: number;
  costAfterFen: number;
  costDifferenceFen: number;
}

const changeNames: Record<string, [string, string]> = {
  eligibility: ['资格', 'eligibility'],
  tier: ['困难类别', 'tier'],
  amount: ['金额', 'amount'],
};

const outcomeText = (outcome: Outcome) =>
  outcome.eligible ? `${outcome.tier ? `${tierName(outcome.tier)} · ` : ''}${formatYuan(outcome.amountFen)}` : t('不符合条件', 'Not eligible');

const signedYuan = (fen: number) => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen));

function SimulationResult(props: { result: Simulation }) {
  const { result } = props;
  return (
    <section aria-labelledby="simulation" class="simulation">
      <h2 id="simulation">{t('模拟结果', 'Simulation')}</h2>
      <dl class="facts simulation-totals">
        <dt>{t('重新判定的申请', 'Applications decided again')}</dt>
        <dd>{result.evaluated}</dd>
        <dt>{t('结果会变化的', 'Would change')}</dt>
        <dd>{result.changedCount}</dd>
        <dt>{t('现行参数下资助总额', 'Cost under the version in force')}</dt>
        <dd>{formatYuan(result.costBeforeFen)}</dd>
        <dt>{t('草案下资助总额', 'Cost under the draft')}</dt>
        <dd>{formatYuan(result.costAfterFen)}</dd>
        <dt>{t('差额', 'Difference')}</dt>
        <dd class={`cost-difference${result.costDifferenceFen > 0 ? ' up' : result.costDifferenceFen < 0 ? ' down' : ''}`}>{signedYuan(result.costDifferenceFen)}</dd>
      </dl>
      {result.changed.length === 0 ? (
        <Empty>{t('在所选期间内，草案不会改变任何申请的结果。', 'In that period the draft changes no application’s outcome.')}</Empty>
      ) : (
        <ScrollBox label={t('结果会变化的申请', 'Applications whose outcome would change')}>
          <table>
            <caption class="visually-hidden">{t('结果会变化的申请', 'Applications whose outcome would change')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('申请人', 'Applicant')}</th>
                <th scope="col">{t('所在工会', 'Union')}</th>
                <th scope="col">{t('当前状态', 'Status')}</th>
                <th scope="col">{t('变化', 'Changes')}</th>
                <th scope="col" class="num">{t('现行', 'In force')}</th>
                <th scope="col" class="num">{t('草案', 'Draft')}</th>
                <th scope="col" class="num">{t('差额', 'Difference')}</th>
              </tr>
            </thead>
            <tbody>
              {result.changed.map((row) => (
                <tr key={row.id}>
                  <td>
                    <a href={`#/applications/${row.id}`}>{row.applicant}</a>
                  </td>
                  <td><UnitName id={row.orgUnit} /></td>
                  <td>{statusName(row.status)}</td>
                  <td>{row.changes.map((change) => nameOf(changeNames, change)).join(t('、', ', '))}</td>
                  <td class="num">{outcomeText(row.before)}</td>
                  <td class="num">{outcomeText(row.after)}</td>
                  <td class="num">{signedYuan(row.after.amountFen - row.before.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/**
 * One program's parameters in force, and a draft of them: officials simulate it over past
 * applications; administrators may also publish it as a new version.
 */
export function PolicyPage(props: { program: string }) {
  const user = session.user();
  const isAdmin = user?.groups.includes('admin') ?? false;
  const [inForce, setInForce] = useState<PolicyVersion | null>();
  const [loadError, setLoadError] = useState<string>();
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [orgUnit, setOrgUnit] = useState(user?.orgUnit ?? '');
  const [from, setFrom] = useState(`${shanghaiToday().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(shanghaiToday());
  const [effectiveFrom, setEffectiveFrom] = useState(shanghaiToday());
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [result, setResult] = useState<Simulation>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    api<PolicyVersion>('GET', `/programs/${props.program}/policy`)
      .then((policy) => {
        setInForce(policy);
        setValues(formValues(props.program, policy.parameters));
      })
      .catch((caught: Error) => {
        if (caught instanceof ApiError && caught.status === 404) setInForce(null);
        else setLoadError(caught.message);
      });
  useEffect(() => {
    void load();
  }, [props.program]);

  /** The draft the fields say (on a copy of the version in force), or each field's problem. */
  function parsedDraft(): Record<string, unknown> | undefined {
    const read = parametersFrom(props.program, inForce?.parameters ?? {}, values);
    if ('parameters' in read) return read.parameters;
    setFields(Object.entries(read.problems).map(([path, [zh, en]]) => ({ path: `parameters.${path}`, message: t(zh, en) })));
    return undefined;
  }

  /** The draft as JSON, for whoever wants the figures elsewhere (the form stays the way to edit them). */
  function exportJson() {
    const read = parametersFrom(props.program, inForce?.parameters ?? {}, values);
    const parameters = 'parameters' in read ? read.parameters : inForce?.parameters ?? {};
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(parameters, null, 2)], { type: 'application/json' }));
    link.download = `${props.program}-parameters.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function send<T>(path: string, body: (parameters: Record<string, unknown>) => unknown, done: (reply: T) => void | Promise<void>) {
    setError(undefined);
    setNotice(undefined);
    setFields([]);
    const parameters = parsedDraft();
    if (!parameters) {
      setError(t('草案有误，请按下方提示修改。', 'The draft has mistakes; correct them as shown below.'));
      return;
    }
    setBusy(true);
    try {
      await done(await api<T>('POST', path, body(parameters)));
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setFields(caught.fields);
      setError(caught.fields.length ? t('请按提示修改后再试。', 'Correct the fields marked below, then try again.') : caught.message);
    } finally {
      setBusy(false);
    }
  }

  const simulate = () =>
    send(`/programs/${props.program}/policy/simulate`, (parameters) => ({ orgUnit, from, to, parameters }), (reply: Simulation) => {
      setResult(reply);
    });

  const publish = () => {
    if (!confirm(t(`确定发布新版本吗？自 ${day(effectiveFrom)} 起，新申请按此版本判定；已作出的决定不受影响。`, `Publish a new version? From ${day(effectiveFrom)} new applications are decided under it; decisions already made keep theirs.`))) return;
    return send(`/programs/${props.program}/policy`, (parameters) => ({ orgUnit, effectiveFrom, parameters }), async (reply: PolicyVersion) => {
      setNotice(t(`已发布：${reply.name}。`, `Published: ${reply.name}.`));
      setResult(undefined);
      await load();
    });
  };

  return (
    <main class="page wide">
      <OfficialNav current="policies" />
      <p class="crumbs">
        <a href="#/official/policies">{t('全部项目', 'All programs')}</a>
      </p>
      <h1>{programName(props.program)}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={loadError} />

      <section aria-labelledby="in-force">
        <h2 id="in-force">{t('现行参数', 'Parameters in force')}</h2>
        {inForce === undefined && !loadError && <Loading />}
        {inForce === null && <Empty>{t('今天没有生效的参数。管理员可在下方填写并发布第一个版本。', 'No parameters are in force today; an administrator can write and publish the first version below.')}</Empty>}
        {inForce && (
          <>
            <p>{inForce.summary}</p>
            <dl class="facts">
              <dt>{t('版本', 'Version')}</dt>
              <dd>{inForce.name}</dd>
              <dt>{t('适用工会', 'Set by')}</dt>
              <dd><UnitName id={inForce.orgUnit} /></dd>
              <dt>{t('生效日期', 'In force from')}</dt>
              <dd>{day(inForce.effectiveFrom)}</dd>
              <dt>{t('发布', 'Published')}</dt>
              <dd>{inForce.publishedBy.name} · {when(inForce.publishedAt)}</dd>
            </dl>
          </>
        )}
      </section>

      <section aria-labelledby="draft-heading">
        <h2 id="draft-heading">{isAdmin ? t('草案：模拟或发布', 'Draft: simulate or publish') : t('草案模拟', 'Simulate a draft')}</h2>
        <p class="muted">{t('在现行参数的基础上修改，金额以“元”填写。', 'Edit the version in force; amounts are in yuan.')}</p>
        <ErrorBox message={error} />
        {fields.filter((field) => field.path === 'parameters' || (field.path.startsWith('parameters.') && !(field.path.slice('parameters.'.length) in values))).map((field) => <p class="error" role="alert" key={field.path}>{field.message}</p>)}
        <PolicyForm program={props.program} values={values} errors={Object.fromEntries(fields.filter((field) => field.path.startsWith('parameters.')).map((field) => [field.path.slice('parameters.'.length), field.message]))} onChange={(path, value) => setValues({ ...values, [path]: value })} />
        <p><button type="button" class="secondary" onClick={exportJson}>{t('导出为 JSON', 'Export as JSON')}</button></p>
        <OrgUnitSelect id="orgUnit" label={t('工会', 'Union')} hint={t('模拟该工会及下属工会的申请；发布时对该工会及下属生效。', 'Simulation covers this union and those below; a published version applies to them.')} error={fieldError(fields, 'orgUnit')} value={orgUnit} onChange={setOrgUnit} />

        <fieldset class="card">
          <legend>{t('模拟：按草案重新判定这段时间内提交的申请', 'Simulate: decide again the applications submitted between these dates')}</legend>
          <div class="filters">
            <Field id="from" label={t('开始日期', 'From')} error={fieldError(fields, 'from')}>
              <input id="from" type="date" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
            </Field>
            <Field id="to" label={t('结束日期', 'To')} error={fieldError(fields, 'to')}>
              <input id="to" type="date" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
            </Field>
          </div>
          <button type="button" disabled={busy} onClick={simulate}>{t('模拟', 'Simulate')}</button>
        </fieldset>

        {isAdmin && (
          <fieldset class="card">
            <legend>{t('发布为新版本', 'Publish as a new version')}</legend>
            <Field id="effectiveFrom" label={t('生效日期', 'In force from')} hint={t('今天或以后；已作出的决定仍按原版本。', 'Today or later; decisions already made keep their version.')} error={fieldError(fields, 'effectiveFrom')}>
              <input id="effectiveFrom" type="date" value={effectiveFrom} aria-describedby="effectiveFrom-hint" onInput={(e) => setEffectiveFrom((e.currentTarget as HTMLInputElement).value)} />
            </Field>
            <button type="button" class="danger" disabled={busy} onClick={publish}>{t('发布', 'Publish')}</button>
          </fieldset>
        )}
      </section>

      {result && <SimulationResult result={result} />}
    </main>
  );
}

/** The program's parameters as labelled fields in groups, as its rules read them. */
function PolicyForm(props: { program: string; values: Record<string, FieldValue>; errors: Record<string, string>; onChange: (path: string, value: FieldValue) => void }) {
  const id = (path: string) => `p-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <div class="policy-form">
      {(policyForms[props.program] ?? []).map((group) => (
        <fieldset class="card" key={group.title[0]}>
          <legend>{t(...group.title)}</legend>
          <div class="form-row">
            {group.fields.map((field) => {
              const value = props.values[field.path];
              if (field.kind === 'choices' || field.kind === 'levels') {
                const names = field.kind === 'levels' ? levelChoices : field.names;
                const chosen = Array.isArray(value) ? value : [];
                return (
                  <fieldset key={field.path} class="choices" aria-describedby={props.errors[field.path] ? `${id(field.path)}-error` : undefined}>
                    <legend>{t(...field.label)}</legend>
                    {Object.entries(names).map(([code, name]) => (
                      <label class="choice" key={code}>
                        <input type="checkbox" checked={chosen.includes(code)} onChange={(e) => props.onChange(field.path, (e.currentTarget as HTMLInputElement).checked ? [...chosen, code] : chosen.filter((item) => item !== code))} />
                        <span>{t(...name)}</span>
                      </label>
                    ))}
                    {props.errors[field.path] && <p class="error" id={`${id(field.path)}-error`} role="alert">{props.errors[field.path]}</p>}
                  </fieldset>
                );
              }
              return (
                <Field key={field.path} id={id(field.path)} label={t(...field.label)} hint={field.hint ? t(...field.hint) : field.optional ? t('可不填', 'Optional') : undefined} error={props.errors[field.path]}>
                  <input id={id(field.path)} inputMode={field.kind === 'monthDay' ? 'text' : 'decimal'} value={typeof value === 'string' ? value : ''} onInput={(e) => props.onChange(field.path, (e.currentTarget as HTMLInputElement).value)} />
                </Field>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
