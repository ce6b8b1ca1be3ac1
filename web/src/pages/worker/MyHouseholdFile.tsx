import { Empty, ErrorBox, Loading } from '../../components.tsx';
import { FileBasics, type HouseholdFileView } from '../../household-file.tsx';
import { t } from '../../i18n.ts';
import { useGet } from '../../use-get.ts';

/** The worker's household file: its members, its tier and why, and what the household has received. */
export function MyHouseholdFile() {
  const mine = useGet<{ file: HouseholdFileView | null }>('/me/household-file');
  const file = mine.data?.file;
  return (
    <main class="page">
      <p><a href="#/worker">{t('返回首页', 'Back to the start')}</a></p>
      <h1>{t('我家的困难职工档案', 'My household’s hardship file')}</h1>
      <ErrorBox message={mine.error} />
      {!mine.data && !mine.error && <Loading />}
      {mine.data && !file && (
        <Empty>{t('您家没有困难职工档案。困难职工帮扶申请审批通过后会自动建档，也可以向所在工会申请建档。', 'Your household has no hardship file. One is opened when a hardship-relief application is approved, or ask your union to open one.')}</Empty>
      )}
      {file && (
        <>
          <p class="muted">{t('档案由所在工会管理；如信息有误或家庭情况有变化，请联系工会。', 'Your union keeps this file; if something is wrong or your household has changed, tell them.')}</p>
          <FileBasics file={file} />
        </>
      )}
    </main>
  );
}
