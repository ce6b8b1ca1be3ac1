import { session } from '../../api.ts';
import { shanghaiYear, t } from '../../i18n.ts';
import { useGet } from '../../use-get.ts';
import { Adjustments, RoundPage, RoundsTable, type RoundLinks } from '../budget-rounds/rounds.tsx';
import { OfficialNav } from './common.tsx';

const links: RoundLinks = { list: '#/official/budget', round: (round) => `#/official/budget/${round.year}/${round.program}/${encodeURIComponent(round.orgUnit)}` };

interface Budget {
  program: string;
  orgUnit: string;
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
}

/** The unit's side of 二上二下: propose (一上) and detail (二上) its budget, and ask for in-year adjustments. */
export function Budget(props: { path: string[] }) {
  const [year, program, orgUnit] = props.path;
  const mine = session.user()?.orgUnit;
  const budgets = useGet<{ items: Budget[] }>(`/budgets?year=${shanghaiYear()}`);
  return (
    <main class="page wide">
      <OfficialNav current="budget" />
      <h1>{t('预算编制', 'Budget')}</h1>
      {year && program && orgUnit ? (
        <RoundPage year={Number(year)} program={program} orgUnit={decodeURIComponent(orgUnit)} links={links} />
      ) : (
        <>
          <p class="muted">{t('本单位依据往年申请与发放提出建议数（一上）；收到上级控制数后，在控制数内编报细化预算和绩效目标（二上）。批复后，年度中如需追加或调减，请在下方申请。', 'Your unit proposes its budget from the applications and payments of earlier years (first up); once the control figure comes down, it details the budget within it, with performance targets (second up). After approval, ask below for an increase or decrease during the year.')}</p>
          <RoundsTable links={links} heading={t('本单位及相关单位的预算编制', 'Rounds of your unit and those around it')} />
          <Adjustments year={shanghaiYear()} budgets={(budgets.data?.items ?? []).filter((budget) => budget.orgUnit === mine)} onChanged={budgets.reload} />
        </>
      )}
    </main>
  );
}
