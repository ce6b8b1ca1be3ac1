import { api } from '../../api.ts';
import { ErrorBox } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { useBankAccountEntry } from './bank-account-entry.tsx';

interface Stage {
  label: string;
  state: 'done' | 'current' | 'failed' | 'todo';
}

export interface ProgressOf {
  program: string;
  status: string;
  decision: { eligible: boolean } | null;
  approvalLevels: number[];
  approvals: { level: number; round: number; status: string }[];
}

const PROPOSAL_STATES: Record<string, Stage['state']> = { PROPOSED: 'current', DECLINED: 'failed', EXPIRED: 'failed' };
const AFTER_NOTICE = ['APPROVED', 'AWAITING_BUDGET', 'DISBURSING', 'PAID', 'PAYMENT_FAILED'];
const levelName = (level: number): string => t(['基层工会', '区/县工会', '市总工会'][level - 1] ?? `第 ${level} 级`, ['Workplace union', 'District union', 'City federation'][level - 1] ?? `Level ${level}`);

/** Where the application stands, as stages: submitted → checked → each approval level → notice → paid. */
export function stagesOf(application: ProgressOf): Stage[] {
  const status = application.status;
  // 免申即享: a proposal is submitted by the worker's confirmation (or officials' for a zero-touch one).
  const proposal = PROPOSAL_STATES[status];
  const stages: Stage[] = [proposal ? { label: t('待您确认', 'Your confirmation'), state: proposal } : { label: t('已提交', 'Submitted'), state: 'done' }];
  stages.push({
    label: t('资格审核', 'Eligibility check'),
    state: application.decision ? (application.decision.eligible ? 'done' : 'failed') : status === 'WITHDRAWN' || proposal ? 'todo' : 'current',
  });
  const latestRound = Math.max(0, ...application.approvals.map((approval) => approval.round));
  // While approval is under way, the first level not yet approved is the one deciding (its task may be a moment behind the status).
  let deciding = status === 'PENDING_APPROVAL';
  for (const level of application.approvalLevels) {
    const approval = application.approvals.find((candidate) => candidate.level === level && candidate.round === latestRound);
    let state: Stage['state'] = approval?.status === 'APPROVED' ? 'done' : approval?.status === 'REJECTED' ? 'failed' : 'todo';
    if (state === 'todo' && deciding) {
      state = 'current';
      deciding = false;
    }
    stages.push({ label: t(`${levelName(level)}审批`, `${levelName(level)} approval`), state });
  }
  if (application.program !== 'mutual-claim') {
    stages.push({ label: t('公示', 'Public notice'), state: AFTER_NOTICE.includes(status) ? 'done' : status === 'PUBLIC_NOTICE' ? 'current' : 'todo' });
  }
  stages.push({
    label: t('发放', 'Payment'),
    state: status === 'PAID' ? 'done' : status === 'PAYMENT_FAILED' ? 'failed' : ['APPROVED', 'AWAITING_BUDGET', 'DISBURSING'].includes(status) ? 'current' : 'todo',
  });
  return stages;
}

const stateText: Record<Stage['state'], [string, string]> = {
  done: ['已完成', 'done'],
  current: ['进行中', 'in progress'],
  failed: ['未通过', 'not passed'],
  todo: ['未开始', 'not yet'],
};

export function Progress(props: { application: ProgressOf }) {
  return (
    <ol class="progress" aria-label={t('办理进度', 'Progress')}>
      {stagesOf(props.application).map((stage, index) => (
        <li key={index} class={stage.state} aria-current={stage.state === 'current' ? 'step' : undefined}>
          {stage.label}
          <span class="visually-hidden">（{t(...stateText[stage.state])}）</span>
        </li>
      ))}
    </ol>
  );
}

/** After a failed transfer: the worker corrects the account, and the payment is issued again. */
export function BankAccountFix(props: { applicationId: string; holder: string; onDone: () => void }) {
  const card = useBankAccountEntry(props.holder);
  const send = () => {
    if (!card.checked()) return;
    void card.send(async () => {
      await api('PUT', `/applications/${props.applicationId}/bank-account`, card.value);
      props.onDone();
    });
  };
  return (
    <section class="card">
      <h2>{t('更正收款账户', 'Correct your bank account')}</h2>
      <ErrorBox message={card.error} />
      {card.fields()}
      <button disabled={card.busy} onClick={send}>{t('提交并重新发放', 'Save and pay again')}</button>
    </section>
  );
}
