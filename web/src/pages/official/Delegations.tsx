import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type FieldError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { day, shanghaiToday, t, when } from '../../i18n.ts';
import { fieldError, OfficialNav } from './common.tsx';

interface Delegation {
  from: { sub: string; name: string };
  to: { sub: string; name: string };
  orgUnit: string;
  level: number;
  startsOn: string;
  endsOn: string;
  createdAt: string;
}

function DelegationList(props: { items: Delegation[]; other: 'from' | 'to'; empty: string }) {
  if (props.items.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <ul class="list plain">
      {props.items.map((delegation) => (
        <li key={`${delegation.createdAt}-${delegation[props.other].sub}`}>
          <strong>{delegation[props.other].name}</strong> <span class="muted">{delegation[props.other].sub}</span> · {day(delegation.startsOn)} – {day(delegation.endsOn)}
          <span class="muted small"> · {t('登记于 ', 'recorded ')}{when(delegation.createdAt)}</span>
          {delegation.endsOn < shanghaiToday() && <span class="muted small"> · {t('已结束', 'ended')}</span>}
        </li>
      ))}
    </ul>
  );
}

interface Colleague {
  sub: string;
  name: string;
}

/** An official going on leave hands their queue to a colleague of the same unit and level. */
export function Delegations() {
  const [given, setGiven] = useState<Delegation[]>();
  const [received, setReceived] = useState<Delegation[]>([]);
  const [colleagues, setColleagues] = useState<Colleague[]>();
  const [to, setTo] = useState('');
  const [startsOn, setStartsOn] = useState(shanghaiToday());
  const [endsOn, setEndsOn] = useState(shanghaiToday(7));
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    api<{ given: Delegation[]; received: Delegation[] }>('GET', '/delegations')
      .then((r) => {
        setGiven(r.given);
        setReceived(r.received);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
    api<{ items: Colleague[] }>('GET', '/colleagues')
      .then((r) => setColleagues(r.items))
      .catch((e: Error) => setError(e.message));
  }, []);

  async function delegate(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    setFields([]);
    try {
      const saved = await api<Delegation>('POST', '/delegations', { to: to || undefined, startsOn, endsOn });
      setTo('');
      await load();
      setNotice(t(`已委托 ${saved.to.name} 在 ${day(saved.startsOn)} 至 ${day(saved.endsOn)} 代为审批。`, `${saved.to.name} decides your queue from ${day(saved.startsOn)} to ${day(saved.endsOn)}.`));
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setFields(caught.fields);
      setError(caught.fields.length ? t('请按提示修改后再提交。', 'Correct the fields marked below, then send again.') : caught.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="page wide">
      <OfficialNav current="delegations" />
      <h1>{t('委托审批', 'Delegate my queue')}</h1>
      <p>{t('休假或出差时，可把您的待审批事项交给同一单位、同一审批级别的同事。委托期内同事的审批会同时记录您的姓名。', 'When you are away, a colleague of your unit and level can decide your queue; their decisions record your name too.')}</p>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorBox message={error} />

      <form class="card" onSubmit={delegate} noValidate>
        <h2>{t('新的委托', 'New delegation')}</h2>
        <Field id="to" label={t('受托同事', 'Colleague')} hint={t('只能委托与您同单位、同审批级别的干部。', 'Only an official of your unit and level.')} error={fieldError(fields, 'to')}>
          <select id="to" value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{colleagues?.length === 0 ? t('您的单位同级别没有其他干部', 'No other official of your unit and level') : t('请选择…', 'Choose…')}</option>
            {colleagues?.map((colleague) => <option key={colleague.sub} value={colleague.sub}>{colleague.name}</option>)}
          </select>
        </Field>
        <div class="filters">
          <Field id="startsOn" label={t('开始日期', 'From')} error={fieldError(fields, 'startsOn')}>
            <input id="startsOn" type="date" value={startsOn} onInput={(e) => setStartsOn((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <Field id="endsOn" label={t('结束日期', 'Until')} error={fieldError(fields, 'endsOn')}>
            <input id="endsOn" type="date" value={endsOn} onInput={(e) => setEndsOn((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        </div>
        <button type="submit" disabled={busy}>{t('委托', 'Delegate')}</button>
      </form>

      <section aria-labelledby="given">
        <h2 id="given">{t('我委托给', 'I delegated to')}</h2>
        {!given && !error ? <Loading /> : <DelegationList items={given ?? []} other="to" empty={t('您还没有委托过。', 'You have not delegated your queue.')} />}
      </section>
      <section aria-labelledby="received">
        <h2 id="received">{t('委托给我', 'Delegated to me')}</h2>
        <DelegationList items={received} other="from" empty={t('没有同事委托给您。', 'No colleague has delegated to you.')} />
      </section>
    </main>
  );
}
