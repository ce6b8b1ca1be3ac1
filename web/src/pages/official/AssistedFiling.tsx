import { useEffect, useState } from 'preact/hooks';
import type { Message } from '../../../../functions/shared/i18n.ts';
import { api } from '../../api.ts';
import { ErrorBox, Field, Loading } from '../../components.tsx';
import { DocumentPicker, type DraftDocument } from '../../documents.tsx';
import { programName, say, t } from '../../i18n.ts';
import { AutumnAidForm } from '../worker/AutumnAidForm.tsx';
import { HardshipReliefForm } from '../worker/HardshipReliefForm.tsx';
import { MutualClaimForm } from '../worker/MutualClaimForm.tsx';
import type { Assisted } from '../worker/form-kit.tsx';
import { OfficialNav } from './common.tsx';

interface Member {
  sub: string;
  name: string;
  orgUnit: string;
  orgUnitName?: Message;
}

const programs = ['autumn-aid', 'hardship-relief', 'mutual-claim'] as const;
const CONSENT_KIND = 'consent-form';

/**
 * An official files for a member who cannot use a phone (an elderly member, a family after a
 * death): whom, for which program, and a photo of the consent form the member signed; then the
 * program's own form, filled in with them. The member sees it in their list; another official decides it.
 */
export function AssistedFiling(props: { path: string[] }) {
  const [program, memberSub, consentId] = props.path;
  const [members, setMembers] = useState<Member[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: Member[] }>('GET', '/members').then((reply) => setMembers(reply.items)).catch((caught: Error) => setError(caught.message));
  }, []);
  const member = members?.find((candidate) => candidate.sub === memberSub);
  if (program && member && consentId) {
    const assisted: Assisted = { member: { sub: member.sub, name: member.name }, consentDocumentId: consentId };
    if (program === 'hardship-relief') return <HardshipReliefForm assisted={assisted} />;
    if (program === 'mutual-claim') return <MutualClaimForm assisted={assisted} />;
    return <AutumnAidForm assisted={assisted} />;
  }
  return (
    <main class="page wide">
      <OfficialNav current="assisted" />
      <h1>{t('代会员申请', 'Apply for a member')}</h1>
      <p class="hint">{t('为不便使用手机的会员（如高龄会员、因故去世会员的家属）代为填写申请。须有会员本人（或家属）签字的委托申请书。您代为提交的申请须由其他审批人审批。', 'File for a member who cannot use a phone (an elderly member, the family after a death). You need the consent form they signed. Another official decides what you file.')}</p>
      <ErrorBox message={error} />
      {!members ? <Loading /> : <Start members={members} />}
    </main>
  );
}

function Start(props: { members: Member[] }) {
  const [memberSub, setMemberSub] = useState('');
  const [program, setProgram] = useState<string>('autumn-aid');
  const [consent, setConsent] = useState<DraftDocument[]>([]);
  const ready = memberSub && consent.length > 0;
  return (
    <>
      <Field id="assisted-member" label={t('会员', 'Member')}>
        <select id="assisted-member" value={memberSub} onChange={(e) => setMemberSub((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t('请选择', 'Choose')}</option>
          {props.members.map((member) => <option key={member.sub} value={member.sub}>{member.name}{member.orgUnitName ? ` · ${say(member.orgUnitName)}` : ''}</option>)}
        </select>
      </Field>
      <Field id="assisted-program" label={t('申请项目', 'Program')}>
        <select id="assisted-program" value={program} onChange={(e) => { setProgram((e.currentTarget as HTMLSelectElement).value); setConsent([]); }}>
          {programs.map((id) => <option key={id} value={id}>{programName(id)}</option>)}
        </select>
      </Field>
      <DocumentPicker program={program} kinds={[CONSENT_KIND]} required={[CONSENT_KIND]} documents={consent} idPrefix="consent"
        onAdd={(document) => setConsent([document])} onRemove={() => setConsent([])} />
      <div class="actions">
        <a class={`button${ready ? '' : ' disabled'}`} aria-disabled={!ready} href={ready ? `#/official/assisted/${program}/${memberSub}/${consent[0]!.id}` : undefined}>{t('下一步：填写申请', 'Next: the application')}</a>
      </div>
    </>
  );
}
