import { useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { OpenRoundsForm, RoundPage, RoundsTable, type RoundLinks } from '../budget-rounds/rounds.tsx';
import { FinancePage } from './shared.tsx';

const links: RoundLinks = { list: '#/finance/rounds', round: (round) => `#/finance/rounds/${round.year}/${round.program}/${encodeURIComponent(round.orgUnit)}` };

/** Finance's side of 二上二下: open a year's rounds, set control figures (一下) and approve (二下). */
export function Rounds(props: { path: string[] }) {
  const [year, program, orgUnit] = props.path;
  const [opening, setOpening] = useState(false);
  const [shown, setShown] = useState(0);
  return (
    <FinancePage section="rounds" title={t('预算编制（二上二下）', 'Budget rounds (two up, two down)')}>
      {year && program && orgUnit ? (
        <RoundPage year={Number(year)} program={program} orgUnit={decodeURIComponent(orgUnit)} links={links} />
      ) : (
        <>
          <p class="muted">{t('一上：各单位依据往年申请和发放、建档家庭与需求提出建议数；一下：财务参考各单位执行率下达控制数并说明理由；二上：单位在控制数内编报细化预算和绩效目标；二下：财务批复，批复数即成为审批预留所用的预算。', 'First up: each unit proposes from its applications and payments of earlier years, its households on file and its need. First down: finance returns a control figure with a reason, seeing each unit’s execution rate. Second up: the unit details its budget within the control figure, with performance targets. Second down: finance approves, and the approved figure becomes the budget approvals reserve against.')}</p>
          {opening ? <OpenRoundsForm onOpened={() => { setOpening(false); setShown(shown + 1); }} /> : <button class="secondary" onClick={() => setOpening(true)}>{t('开始预算编制', 'Open budget rounds')}</button>}
          <RoundsTable key={shown} links={links} heading={t('各单位预算编制', 'The units’ rounds')} />
        </>
      )}
    </FinancePage>
  );
}
