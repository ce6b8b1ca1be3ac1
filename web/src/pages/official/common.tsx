import { type FieldError, session } from '../../api.ts';
import { Tabs } from '../../components.tsx';
import { t } from '../../i18n.ts';

/** The first server field error at `path` or below it (`parameters` also matches `parameters.amounts`). */
export function fieldError(fields: FieldError[], path: string): string | undefined {
  return fields.find((field) => field.path === path || field.path.startsWith(`${path}.`))?.message;
}

const isOfficial = () => session.user()?.groups.includes('official') ?? false;

/** The officials' sections; administrators (not officials) only have the policy pages. */
export function OfficialNav(props: { current: 'queue' | 'notice' | 'delegations' | 'policies' }) {
  const links: [typeof props.current, string, string][] = [
    ...(isOfficial()
      ? ([
          ['queue', '#/official', t('待我审批', 'My queue')],
          ['notice', '#/official/notice', t('公示名单', 'Public notice')],
          ['delegations', '#/official/delegations', t('委托审批', 'Delegation')],
        ] as [typeof props.current, string, string][])
      : []),
    ['policies', '#/official/policies', t('政策参数', 'Policies')],
  ];
  return <Tabs label={t('工作台', 'Console')} links={links.map(([key, href, text]) => ({ key, href, text }))} current={props.current} />;
}
