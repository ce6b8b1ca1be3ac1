import { BatchPage } from './BatchPage.tsx';
import { Batches } from './Batches.tsx';
import { Budgets } from './Budgets.tsx';
import { Evaluation, EvaluationPrint } from './Evaluation.tsx';
import { FailedPayments } from './FailedPayments.tsx';
import { PaymentChecks } from './PaymentChecks.tsx';
import { Recoveries } from './Recoveries.tsx';
import { Report } from './Report.tsx';
import { Rounds } from './Rounds.tsx';

/** `#/finance/<section>/<id>`; budgets first, as that is where a year starts. */
export function FinanceConsole(props: { path: string[] }) {
  const [section, id] = props.path;
  switch (section) {
    case 'batches':
      return id ? <BatchPage id={decodeURIComponent(id)} /> : <Batches />;
    case 'checks':
      return <PaymentChecks />;
    case 'failed':
      return <FailedPayments />;
    case 'recoveries':
      return <Recoveries />;
    case 'rounds':
      return <Rounds path={props.path.slice(1)} />;
    case 'evaluation':
      if (id === 'print') {
        const [, , year, program, orgUnit] = props.path;
        return <EvaluationPrint year={Number(year)} program={program === 'all' ? '' : (program ?? '')} orgUnit={orgUnit === 'all' ? '' : decodeURIComponent(orgUnit ?? '')} />;
      }
      return <Evaluation />;
    case 'report':
      return <Report />;
    default:
      return <Budgets />;
  }
}
