import { type FieldError, session } from '../../api.ts';
import { Tabs } from '../../components.tsx';
import { t } from '../../i18n.ts';

/** The first server field error at `path` or below it (`parameters` also matches `parameters.amounts`). */
export function fieldError(fields: FieldError[], path: string): string | undefined {
  return fields.find((field) => field.path === path || field.path.startsWith(`${path}.`))?.message;
}

/** Administrators are not officials: of the console they have the policy pages only. */
export const isOfficial = () => session.user()?.groups.includes('official') ?? false;

/** The officials' sections; administrators only see the policy pages. */
export function OfficialNav(props: { current: 'queue' | 'notice' | 'attention' | 'delegations' | 'files' | 'campaign' | 'budget' | 'call-backs' | 'policies' | 'assisted' | 'partner-files' }) {
  const links = [
    ...(isOfficial()
      ? [
          { key: 'queue', href: '#/official', text: t('待我审批', 'My queue') },
          { key: 'notice', href: '#/official/notice', text: t('公示名单', 'Public notice') },
          { key: 'attention', href: '#/official/attention', text: t('需人工处理', 'Needs attention') },
          { key: 'files', href: '#/official/files', text: t('困难职工档案', 'Hardship files') },
          { key: 'campaign', href: '#/official/campaign', text: t('送温暖', 'Warmth visits') },
          { key: 'partner-files', href: '#/official/partner-files', text: t('免申即享', 'Proactive benefits') },
          { key: 'delegations', href: '#/official/delegations', text: t('委托审批', 'Delegation') },
          { key: 'budget', href: '#/official/budget', text: t('预算编制', 'Budget') },
          { key: 'call-backs', href: '#/official/call-backs', text: t('回访核查', 'Call-backs') },
          { key: 'assisted', href: '#/official/assisted', text: t('代会员申请', 'Apply for a member') },
        ]
      : []),
    { key: 'policies', href: '#/official/policies', text: t('政策参数', 'Policies') },
  ];
  return <Tabs label={t('工作台', 'Console')} links={links} current={props.current} />;
}
