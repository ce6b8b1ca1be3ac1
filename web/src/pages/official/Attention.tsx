import { Empty, ErrorBox, Loading, ScrollBox } from '../../components.tsx';
import { programName, t, when } from '../../i18n.ts';
import { UnitName } from '../../org-units.tsx';
import { useGet } from '../../use-get.ts';
import { stepLabel } from '../../../../functions/shared/step-labels.ts';
import { OfficialNav } from './common.tsx';

interface AttentionItem {
  id: string;
  program: string;
  applicant: { name: string; orgUnit: string };
  attention?: { step: string; since: string };
}

/** Applications of this official's part of the tree whose workflow stopped at a step (NEEDS_ATTENTION), until an operator redrives them. */
export function Attention() {
  const list = useGet<{ items: AttentionItem[] }>('/applications?status=NEEDS_ATTENTION&limit=200');
  const items = list.data?.items;
  return (
    <main class="page wide">
      <OfficialNav current="attention" />
      <h1>{t('需人工处理', 'Needs attention')}</h1>
      <p class="muted">{t('这些申请的流程在某一步未能继续，已通知运维人员；处理后流程会从该步继续，无需重新申请。', 'The workflow of these applications could not go on at a step; the operators have been told. Once they fix it, it goes on from that step; nobody needs to apply again.')}</p>
      <ErrorBox message={list.error} />
      {!items && !list.error && <Loading />}
      {items?.length === 0 && <Empty>{t('目前没有需人工处理的申请。', 'No application needs attention now.')}</Empty>}
      {items && items.length > 0 && (
        <ScrollBox label={t('需人工处理的申请', 'Applications needing attention')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('申请人', 'Applicant')}</th>
                <th scope="col">{t('所在工会', 'Union')}</th>
                <th scope="col">{t('项目', 'Program')}</th>
                <th scope="col">{t('停在', 'Stopped at')}</th>
                <th scope="col">{t('自', 'Since')}</th>
                <th scope="col">{t('申请编号', 'Reference')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const step = item.attention ? stepLabel(item.attention.step) : undefined;
                return (
                  <tr key={item.id}>
                    <td>{item.applicant.name}</td>
                    <td><UnitName id={item.applicant.orgUnit} /></td>
                    <td>{programName(item.program)}</td>
                    <td>{step ? t(step.zh, step.en) : '—'}</td>
                    <td>{when(item.attention?.since)}</td>
                    <td><a href={`#/applications/${item.id}`} class="reference">{item.id}</a></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </main>
  );
}
