import { Empty, ErrorBox, Loading } from '../components.tsx';
import { formatYuan } from '../format.ts';
import { programName, statusName, t, when } from '../i18n.ts';
import { useGet } from '../use-get.ts';
import { Banners, type MessageList } from './worker/Messages.tsx';

interface ProgramCard {
  id: string;
  name: string;
  /** False: given from an official's list (送温暖), not applied for. */
  selfService?: boolean;
  policy: { summary: string } | null;
}

export interface ApplicationSummary {
  id: string;
  program: string;
  status: string;
  submittedAt: string;
  amountFen?: number;
  eligible?: boolean;
}

/** The worker's home: what they can apply for, and their applications. */
export function WorkerHome() {
  const programList = useGet<{ items: ProgramCard[] }>('/programs');
  const myList = useGet<{ items: ApplicationSummary[] }>('/applications');
  const messages = useGet<MessageList>('/messages');
  const programs = programList.data?.items;
  const mine = myList.data?.items;
  const error = programList.error ?? myList.error;
  return (
    <main class="page">
      <Banners banners={messages.data?.banners ?? []} />
      <ErrorBox message={error} />
      <h1>{t('我要申请', 'Apply')}</h1>
      <p class="next-step">
        {t('不确定能申请哪些项目？', 'Not sure what you can apply for? ')}
        <a href="#/self-check">{t('先做个自测', 'Check first')}</a>
        {t('（不会保存任何信息）。', ' (nothing is stored).')}
      </p>
      {!programs && !error && <Loading />}
      <ul class="cards">
        {programs?.filter((program) => program.selfService !== false).map((program) => (
          <li key={program.id} class="card">
            <h2>{program.name}</h2>
            {program.policy && <p class="muted">{program.policy.summary}</p>}
            {program.policy ? (
              <a class="button" href={`#/apply/${program.id}`} aria-label={`${t('开始申请', 'Start an application')}：${program.name}`}>{t('开始申请', 'Start an application')}</a>
            ) : (
              <p class="muted">{t('您所在单位尚未开放该项目，请联系所在工会。', 'Your union has not opened this program yet; ask them.')}</p>
            )}
          </li>
        ))}
      </ul>
      <p class="next-step">
        <a href="#/notices">{t('本单位公示', 'Public notices in your union')}</a>
        {t('：已批准的帮扶在此公示，会员可提出异议。', ': approved aid is posted here, and any member may object.')}
      </p>
      <p class="next-step">
        <a href="#/household">{t('我家的困难职工档案', 'My household’s hardship file')}</a>
        {t('：家庭成员、困难类别及已获得的帮扶。', ': your household, its tier and the assistance it has received.')}
      </p>
      <h1>{t('我的申请', 'My applications')}</h1>
      {!mine && !error && <Loading />}
      {mine?.length === 0 && <Empty>{t('您还没有提交申请。', 'You have not applied yet.')}</Empty>}
      <ul class="list">
        {mine?.map((application) => (
          <li key={application.id}>
            <a href={`#/applications/${application.id}`}>
              <strong>{programName(application.program)}</strong>
              <span class={`status status-${application.status}`}>{statusName(application.status)}</span>
              <span class="muted">{when(application.submittedAt)}{application.amountFen ? ` · ${formatYuan(application.amountFen)}` : ''}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function Receipt(props: { id: string }) {
  return (
    <main class="page">
      <h1>{t('申请已提交', 'Application sent')}</h1>
      <p>{t('受理编号：', 'Reference: ')}<strong class="reference">{props.id}</strong></p>
      <p>{t('系统会先自动审核资格，然后由工会逐级审批。您可以随时查看进度和原因。', 'Eligibility is checked automatically first, then your union approves it level by level. You can follow its progress and the reasons at any time.')}</p>
      <a class="button" href={`#/applications/${props.id}`}>{t('查看进度', 'See its progress')}</a>
    </main>
  );
}
