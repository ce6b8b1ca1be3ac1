import { useState } from 'preact/hooks';
import { callBackResultNames, callBackResults, type CallBackResult } from '../../../../functions/domain/finance/evaluation.ts';
import { api, ApiError } from '../../api.ts';
import { Empty, ErrorBox, Field, Loading } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { programName, say, shanghaiYear, t, when } from '../../i18n.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { OfficialNav } from './common.tsx';

interface Item {
  sampleId: string;
  applicationId: string;
  program: string;
  orgUnit: string;
  payeeName: string;
  amountFen: number;
  paidAt: string;
  result?: CallBackResult;
  resultName?: string;
  note?: string;
  recordedAt?: string;
  recordedBy?: { name: string };
}

/** One sampled payment: call the worker, then record what they said. */
function CallBackCard(props: { item: Item; onRecorded: () => void }) {
  const { item } = props;
  const [result, setResult] = useState<CallBackResult>('received');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const id = `${item.sampleId}-${item.applicationId}`;
  async function record(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/call-back-samples/${item.sampleId}/items/${item.applicationId}`, { result, note: note.trim() });
      props.onRecorded();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    }
  }
  return (
    <li class="card">
      <p><strong>{item.payeeName}</strong> · {programName(item.program)} · <UnitName id={item.orgUnit} /> · {formatYuan(item.amountFen)} · {t('付款于 ', 'paid ')}{when(item.paidAt)}</p>
      <p class="small"><a class="reference" href={`#/applications/${item.applicationId}`}>{item.applicationId}</a></p>
      {item.result ? (
        <p class="notice">{item.resultName} · {item.recordedBy?.name} · {when(item.recordedAt)}{item.note ? ` · “${item.note}”` : ''}</p>
      ) : (
        <form onSubmit={record} noValidate>
          <ErrorBox message={error} />
          <fieldset>
            <legend>{t('回访结果', 'What the worker said')}</legend>
            {callBackResults.map((choice) => (
              <label class="choice" key={choice}>
                <input type="radio" name={`result-${id}`} checked={result === choice} onChange={() => setResult(choice)} />
                <span>{say(callBackResultNames[choice])}</span>
              </label>
            ))}
          </fieldset>
          <Field id={`note-${id}`} label={t('备注（可选）', 'Note (optional)')}>
            <input id={`note-${id}`} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <button type="submit">{t('登记回访结果', 'Record the call-back')}</button>
        </form>
      )}
    </li>
  );
}

/** The call-backs finance asked this official's part of the tree for, sample by sample. */
function SampleItems(props: { sampleId: string }) {
  const { data, error, reload } = useGet<{ items: Item[] }>(`/call-back-samples/${props.sampleId}`);
  if (error) return <ErrorBox message={error} />;
  if (!data) return <Loading />;
  return <ul class="cards">{data.items.map((item) => <CallBackCard key={item.applicationId} item={item} onRecorded={reload} />)}</ul>;
}

export function CallBacks() {
  const year = shanghaiYear();
  const { data, error } = useGet<{ items: { sampleId: string; drawnAt: string; drawnBy: { name: string }; items: number; recorded: number }[] }>(`/call-back-samples?year=${year}`);
  return (
    <main class="page wide">
      <OfficialNav current="call-backs" />
      <h1>{t('回访核查', 'Call-backs')}</h1>
      <p class="muted">{t('财务随机抽取了已付款的申请。请电话联系职工，确认是否收到款项、金额是否相符，并登记结果；“未收到”会自动立案核查。', 'Finance drew paid applications at random. Call each worker to confirm the money arrived and the amount is right, then record it; “Not received” opens a case.')}</p>
      <ErrorBox message={error} />
      {!data && !error && <Loading />}
      {data?.items.length === 0 && <Empty>{t('目前没有需要回访的付款。', 'No payment to call back now.')}</Empty>}
      {data?.items.map((sample) => (
        <section key={sample.sampleId} aria-labelledby={`sample-${sample.sampleId}`}>
          <h2 id={`sample-${sample.sampleId}`}>{t(`${when(sample.drawnAt)} 抽取（${sample.drawnBy.name}）：已回访 ${sample.recorded} / ${sample.items}`, `Drawn ${when(sample.drawnAt)} by ${sample.drawnBy.name}: ${sample.recorded} of ${sample.items} called`)}</h2>
          <SampleItems sampleId={sample.sampleId} />
        </section>
      ))}
    </main>
  );
}
