import { BatchPage } from './BatchPage.tsx';
import { Batches } from './Batches.tsx';
import { Budgets } from './Budgets.tsx';
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
    case 'report':
      return <Report />;
    default:
      return <Budgets />;
  }
}
