import { CheckList, Empty } from './components.tsx';
import { formatYuan } from './format.ts';
import { day, t, when } from './i18n.ts';

/** A household hardship file as the API shows it (officials and the household alike see these parts). */
export interface FileSummary {
  id: string;
  state: string;
  stateName: string;
  tierName: string;
  head: { name: string; memberNumber: string };
  orgUnit: { name: string };
  filedOn: string;
  updatedAt: string;
  closeReasonName?: string;
}

export interface TierDecisionView {
  tierName: string;
  decidedAt: string;
  decidedBy: string;
  sourceName: string;
  applicationId?: string;
  policyName?: string;
  checks: { code: string; passed: boolean; message: string }[];
  reason?: string;
}

export interface HouseholdFileView extends FileSummary {
  tierDecision: TierDecisionView;
  members: { relationName: string; name: string; age: number; annualIncomeFen: number; conditionName: string }[];
  causes: string[];
  assistance: {
    items: { applicationId: string; programName: string; year: number; amountFen: number; statusName: string; purposeNames: string[]; at: string }[];
    totalFen: number;
    thisYearFen: number;
    thisYearByPurpose: { purpose: string; purposeName: string; amountFen: number }[];
  };
}


export function TierDecisionBlock(props: { decision: TierDecisionView }) {
  const d = props.decision;
  return (
    <div>
      <p>
        <strong>{d.tierName}</strong> · {d.sourceName}
        {d.applicationId && <> · <a href={`#/applications/${d.applicationId}`} class="reference">{d.applicationId}</a></>}
      </p>
      <p class="muted small">{when(d.decidedAt)} · {d.decidedBy}{d.policyName ? ` · ${t('依据', 'under')} ${d.policyName}` : ''}</p>
      {d.reason && <p>{d.reason}</p>}
      {d.checks.length > 0 && <CheckList checks={d.checks} />}
    </div>
  );
}

/** What a household file shows to anyone who may see it: head, tier and why, members, what it received. */
export function FileBasics(props: { file: HouseholdFileView }) {
  const file = props.file;
  return (
    <>
      <dl class="facts">
        <dt>{t('户主', 'Head of household')}</dt><dd>{file.head.name}（{t('会员号', 'member no.')} {file.head.memberNumber}）</dd>
        <dt>{t('所在工会', 'Union')}</dt><dd>{file.orgUnit.name}</dd>
        <dt>{t('状态', 'State')}</dt><dd>{file.stateName}{file.closeReasonName ? `（${file.closeReasonName}）` : ''}</dd>
        <dt>{t('建档日期', 'Filed on')}</dt><dd>{day(file.filedOn)}</dd>
        {file.causes.length > 0 && <><dt>{t('致困原因', 'Causes')}</dt><dd>{file.causes.join('、')}</dd></>}
      </dl>
      <section aria-labelledby="tier">
        <h2 id="tier">{t('困难类别及核定依据', 'Tier and the decision that set it')}</h2>
        <TierDecisionBlock decision={file.tierDecision} />
      </section>
      <section aria-labelledby="members">
        <h2 id="members">{t('家庭成员', 'Household members')}</h2>
        {file.members.length === 0 ? (
          <Empty>{t('档案未登记家庭成员。', 'The file lists no members.')}</Empty>
        ) : (
          <ul class="list plain">
            {file.members.map((member, index) => (
              <li key={index}>{member.relationName} {member.name}，{member.age}{t('岁', ' years')}，{t('年收入', 'income')} {formatYuan(member.annualIncomeFen)}，{member.conditionName}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="assistance">
        <h2 id="assistance">{t('已获帮扶', 'Assistance received')}</h2>
        <p>{t('今年合计', 'This year')} <strong>{formatYuan(file.assistance.thisYearFen)}</strong> · {t('累计', 'in all')} {formatYuan(file.assistance.totalFen)}</p>
        {file.assistance.thisYearByPurpose.length > 0 && (
          <p class="muted">{t('今年按用途：', 'This year by purpose: ')}{file.assistance.thisYearByPurpose.map((line) => `${line.purposeName} ${formatYuan(line.amountFen)}`).join(t('；', '; '))}</p>
        )}
        {file.assistance.items.length === 0 ? (
          <Empty>{t('尚未获得帮扶。', 'No assistance yet.')}</Empty>
        ) : (
          <ul class="list plain">
            {file.assistance.items.map((item) => (
              <li key={item.applicationId}>{item.year} · {item.programName}（{item.purposeNames.join(t('、', ', '))}）· {formatYuan(item.amountFen)} · {item.statusName}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

