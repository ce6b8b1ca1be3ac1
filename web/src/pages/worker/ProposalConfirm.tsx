import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorBox } from '../../components.tsx';
import { formatYuan } from '../../format.ts';
import { day, t } from '../../i18n.ts';
import type { BankDraft } from './form-kit.tsx';
import { useBankAccountEntry } from './bank-account-entry.tsx';

export interface ProposalView {
  explanation: string;
  estimateFen: number;
  zeroTouch: boolean;
  expiresAt: string;
  expiresOn: string;
  source: string;
  knownBankAccount?: { holder: string; bank: string; number: string };
  confirmedBy?: 'worker' | 'officials';
}

/**
 * 免申即享: why the union proposes this benefit, the amount, and one tap to take it to the card the
 * worker used before (or another card of their own), or to decline it.
 */
export function ProposalConfirm(props: { applicationId: string; holder: string; proposal: ProposalView; onDone: (notice: string) => void }) {
  const known = props.proposal.knownBankAccount;
  const [other, setOther] = useState(!known);
  const card = useBankAccountEntry(props.holder);

  const send = (answer: 'confirm' | 'decline', bankAccount: BankDraft | undefined, notice: string) =>
    card.send(async () => {
      await api('POST', '/proposals', { action: answer, applicationIds: [props.applicationId], ...(bankAccount ? { bankAccount } : {}) });
      props.onDone(notice);
    });

  function confirm() {
    if (other && !card.checked()) return;
    void send('confirm', other ? card.value : undefined, t('已确认，正在办理', 'Confirmed: it is under way'));
  }

  return (
    <section class="card proposal" id="proposal" aria-label={t('无需申请，确认即可领取', 'No application needed: confirm to receive it')}>
      <h2>{t('无需申请，确认即可领取', 'No application needed: confirm to receive it')}</h2>
      <p>{props.proposal.explanation}</p>
      <p class="amount">{formatYuan(props.proposal.estimateFen)}</p>
      <p class="muted small">{t(`依据：${props.proposal.source}。请在 ${day(props.proposal.expiresOn)}（含当天）前确认，逾期自动失效。`, `From: ${props.proposal.source}. Confirm by ${day(props.proposal.expiresOn)}; after that it lapses.`)}</p>
      <ErrorBox message={card.error} />
      {known && !other && (
        <p>{t(`收款银行卡：${known.bank} ${known.number}（${known.holder}）`, `Paid to: ${known.bank} ${known.number} (${known.holder})`)} <button type="button" class="link" onClick={() => setOther(true)}>{t('换一张卡', 'Use another card')}</button></p>
      )}
      {other && card.fields()}
      <div class="actions">
        <button disabled={card.busy} onClick={confirm}>{t('确认领取', 'Confirm and receive it')}</button>
        <button class="secondary" disabled={card.busy} onClick={() => void send('decline', undefined, t('已谢绝，不再提醒', 'Declined; you will not be asked again'))}>{t('不需要', 'No, thank you')}</button>
      </div>
    </section>
  );
}
