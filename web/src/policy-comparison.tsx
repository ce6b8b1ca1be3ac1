import { ScrollBox } from './components.tsx';
import { formatYuan } from './format.ts';
import { t } from './i18n.ts';
import { useGet } from './use-get.ts';

interface Comparison {
  recorded: { policyName: string; eligible: boolean; amountFen: number };
  inForce: { policyName: string; eligible: boolean; amountFen: number };
  changed: boolean;
  summary: string;
  checks: { code: string; changed: boolean; recorded?: { passed: boolean; message: string }; inForce?: { passed: boolean; message: string } }[];
}

const mark = (side: { passed: boolean; message: string } | undefined) =>
  side ? (
    <>
      <span aria-hidden="true">{side.passed ? '✓ ' : '✗ '}</span>
      <span class="visually-hidden">{side.passed ? t('通过', 'passed') : t('未通过', 'failed')} </span>
      {side.message}
    </>
  ) : (
    '—'
  );

/**
 * An appealed application decided again under its recorded policy version and the one in force:
 * officials see both side by side, check by check; the applicant reads the summary in plain words.
 */
export function PolicyComparison(props: { id: string; detailed: boolean }) {
  const loaded = useGet<Comparison>(`/applications/${props.id}/policy-comparison`);
  const c = loaded.data;
  if (!c) return null;
  if (!props.detailed) {
    return (
      <section aria-labelledby="comparison">
        <h2 id="comparison">{t('按现行政策重新审核', 'Decided again under the policy now in force')}</h2>
        <p>{c.summary}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="comparison">
      <h2 id="comparison">{t('政策对比（申诉复核用）', 'Policies side by side (for the appeal)')}</h2>
      <p>{c.summary}</p>
      <ScrollBox label={t("政策对比表", "Policies side by side")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('项目', 'Item')}</th>
              <th scope="col">{t('原决定依据：', 'As decided: ')}{c.recorded.policyName}</th>
              <th scope="col">{t('现行：', 'In force: ')}{c.inForce.policyName}</th>
            </tr>
          </thead>
          <tbody>
            {c.checks.map((check, index) => (
              <tr key={check.code} class={check.changed ? 'changed' : undefined}>
                <th scope="row">{t(`第 ${index + 1} 项`, `Check ${index + 1}`)}{check.changed ? t('（有变化）', ' (changed)') : ''}</th>
                <td>{mark(check.recorded)}</td>
                <td>{mark(check.inForce)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('金额', 'Amount')}</th>
              <td>{c.recorded.eligible ? formatYuan(c.recorded.amountFen) : t('不符合条件', 'Not eligible')}</td>
              <td>{c.inForce.eligible ? formatYuan(c.inForce.amountFen) : t('不符合条件', 'Not eligible')}</td>
            </tr>
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
