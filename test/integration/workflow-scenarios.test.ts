import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../functions/shared/clock.ts';
import type { Fault } from '../../infra/local/sfn/faults.ts';
import { decide, untilStatus, withDocuments } from '../support/applications.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** A date `days` from the local clock's today, as the claim form takes it. */
const day = (days: number) => new Date(now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** The state names the execution entered, in order. */
const entered = (events: HistoryEvent[]) => events.flatMap((event) => (event.type?.endsWith('StateEntered') ? [event.stateEnteredEventDetails?.name] : []));

/**
 * Named scenarios of the programs' real workflow (workflows/*.asl.json) on the local runtime,
 * each asserting on the execution's history. Faults are aimed at one step through the runtime's
 * fault-injection switch, so a scenario knows which invocation fails.
 */
describe('workflow scenarios on the programs’ state machine', () => {
  let runtime: TestRuntime;
  let sfn: SFNClient;
  /** Invocations of a step that are still to fail, by the step's function name part. */
  const failing = new Map<string, { fault: Fault; left: number }>();

  const executionArn = (id: string) => `${runtime.workflowArns['mutual-claim']?.replace(':stateMachine:', ':execution:')}:${id}`;
  const history = async (id: string) => (await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(id), maxResults: 1000 }))).events ?? [];
  const describeExecution = (id: string) => sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(id) }));
  const audit = async (id: string) => (await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('o-city') })).body.items as { action: string; actor: { sub: string } }[];

  /** A hospital-allowance claim of 王芳, admitted `admittedDaysAgo` days ago for three days. */
  async function submitClaim(admittedDaysAgo: number): Promise<string> {
    const admittedOn = day(-admittedDaysAgo);
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-wang-fang'),
      body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: admittedOn, admittedOn, dischargedOn: day(-admittedDaysAgo + 3) }, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } }) },
    });
    expect(submitted.status).toBe(202);
    return submitted.body.id as string;
  }

  /** Moves the local clock on in small steps until `done`: retry pauses (seconds, with jitter) pass without waiting. */
  async function clockUntil<T>(done: () => Promise<T | undefined>, stepSeconds = 20): Promise<T> {
    return eventually(async () => {
      const value = await done();
      if (value === undefined) await runtime.advanceClock(stepSeconds);
      return value;
    }, 40_000);
  }

  beforeAll(async () => {
    runtime = await startTestRuntime({
      sweepIntervalSeconds: 0,
      faults: {
        share: 0,
        decide(functionName) {
          for (const [step, plan] of failing) {
            if (functionName.endsWith(`-${step}`) && plan.left > 0) {
              plan.left -= 1;
              return plan.fault;
            }
          }
          return undefined;
        },
      },
    });
    sfn = new SFNClient({ endpoint: runtime.sfnEndpoint });
  });
  afterAll(async () => {
    sfn?.destroy();
    failing.clear();
    await runtime?.stop();
  });

  it('happy path: eligibility, one approval level and the payment instruction, with no retry and no attention', async () => {
    const id = await submitClaim(20);
    await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect((await decide(runtime, 'o-west-hospital', id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', id, 'DISBURSING');

    const events = await eventually(async () => {
      const all = await history(id);
      return entered(all).includes('AwaitPayment') ? all : undefined;
    });
    // The eligibility check plans the first level, the approval the next (none: the notice): no PlanApproval step on the way.
    expect(entered(events)).toEqual(['CheckEligibility', 'IsEligible', 'FirstApprovalPlan', 'ApprovalsDone', 'AwaitApproval', 'ApprovalsDone', 'StartNotice', 'HasNotice', 'ReserveBudget', 'Reserved', 'RecordPayment', 'AwaitPayment']);
    expect(events.filter((event) => event.type === 'TaskFailed')).toEqual([]);
  });

  it('retry on a transient error: a Lambda fault and a lost reply are retried and the application goes on', async () => {
    failing.set('CheckEligibility', { fault: 'error', left: 1 });
    failing.set('RequestApproval', { fault: 'timeout', left: 1 });
    const id = await submitClaim(24);
    const scheduled = (events: HistoryEvent[], step: string) => events.filter((event) => event.type === 'TaskScheduled' && JSON.parse(event.taskScheduledEventDetails?.parameters ?? '{}').FunctionName.endsWith(`-${step}`));

    const events = await clockUntil(async () => {
      const all = await history(id);
      return scheduled(all, 'RequestApproval').length === 2 ? all : undefined;
    }, 5);
    const failures = events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error);
    expect(failures).toEqual(['Lambda.ServiceException', 'Lambda.ClientExecutionTimeoutException']);
    expect(scheduled(events, 'CheckEligibility')).toHaveLength(2);
    // The lost reply had opened the approval; the retry put its own token on it, so the decision answers the task that waits.
    expect((await decide(runtime, 'o-west-hospital', id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', id, 'DISBURSING');
    expect(entered(events)).not.toContain('NeedsAttention');
  });

  it('needs attention: a step out of retries moves the application to NEEDS_ATTENTION, and the sweep redrives it from that step', async () => {
    failing.clear();
    failing.set('CheckEligibility', { fault: 'error', left: 7 });
    const id = await submitClaim(28);

    const stopped = await clockUntil(async () => {
      const described = await describeExecution(id);
      return described.status === 'FAILED' ? described : undefined;
    });
    expect(stopped.error).toBe('NeedsAttention');
    const application = (await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('o-west-hospital') })).body;
    expect(application.status).toBe('NEEDS_ATTENTION');
    expect(application.attention).toMatchObject({ step: 'CheckEligibility', error: 'Lambda.ServiceException' });
    const listed = await runtime.request('GET', '/applications?status=NEEDS_ATTENTION', { token: await runtime.tokenOf('o-west-hospital') });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);

    expect(await runtime.sweep()).toBe(1);

    await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    const events = await eventually(async () => {
      const all = await history(id);
      return entered(all).at(-1) === 'AwaitApproval' ? all : undefined;
    });
    expect(events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([...Array(7).fill('Lambda.ServiceException'), 'NeedsAttention']);
    const redriven = events.findIndex((event) => event.type === 'ExecutionRedriven');
    expect(redriven).toBeGreaterThan(0);
    expect(entered(events.slice(redriven))).toEqual(['NeedsAttention', 'ResumeAfterAttention', 'CheckEligibility', 'IsEligible', 'FirstApprovalPlan', 'ApprovalsDone', 'AwaitApproval']);
    expect((await describeExecution(id)).redriveCount).toBe(1);
    const actions = (await audit(id)).map((event) => `${event.action}:${event.actor.sub}`);
    expect(actions).toEqual(expect.arrayContaining(['NEEDS_ATTENTION:workflow', 'WORKFLOW_REDRIVE:sweep', 'RESUME:workflow']));
  });

  it('never stranded: an application whose workflow never started is started by the sweep, once it is past the grace period', async () => {
    const arns = process.env.WORKFLOW_ARNS as string;
    process.env.WORKFLOW_ARNS = JSON.stringify({ ...JSON.parse(arns), 'mutual-claim': `${runtime.workflowArns['mutual-claim']}-gone` });
    let id: string | undefined;
    try {
      const admittedOn = day(-32);
      const submitted = await runtime.request('POST', '/applications', {
        token: await runtime.tokenOf('w-wang-fang'),
        body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: admittedOn, admittedOn, dischargedOn: day(-29) }, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } }) },
      });
      expect(submitted.status).toBeGreaterThanOrEqual(500);
      const mine = await runtime.request('GET', '/applications?status=SUBMITTED', { token: await runtime.tokenOf('w-wang-fang') });
      id = mine.body.items[0]?.id as string;
    } finally {
      process.env.WORKFLOW_ARNS = arns;
    }
    expect(id).toBeDefined();
    expect(await runtime.sweep()).toBe(0);

    await runtime.advanceClock(600);
    expect(await runtime.sweep()).toBe(1);

    await untilStatus(runtime, 'w-wang-fang', id as string, 'PENDING_APPROVAL');
    expect((await audit(id as string)).map((event) => `${event.action}:${event.actor.sub}`)).toContain('WORKFLOW_START:sweep');
    expect(await runtime.sweep()).toBe(0);
  });

  it('timeout: an approval left past its days reminds the deciders (ApprovalOverdue) and waits again', async () => {
    const id = await submitClaim(12);
    await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    await eventually(async () => (entered(await history(id)).includes('AwaitApproval') ? true : undefined));

    // The claim's approval days (7 by the demo policy) and one more.
    await runtime.advanceClock(8 * 86_400);

    const events = await eventually(async () => {
      const all = await history(id);
      return entered(all).filter((name) => name === 'AwaitApproval').length === 2 ? all : undefined;
    });
    expect(events.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    expect(entered(events).slice(-4)).toEqual(['ApprovalOverdue', 'PlanApproval', 'ApprovalsDone', 'AwaitApproval']);
  });

  it('rejection: the official’s rejection is caught, the appeal window passes, and the execution succeeds as Rejected', async () => {
    const id = await submitClaim(16);
    expect((await decide(runtime, 'o-west-hospital', id, 'reject', '住院天数与病历不符')).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', id, 'REJECTED');
    await eventually(async () => (entered(await history(id)).includes('AwaitAppeal') ? true : undefined));

    // The appeal window (30 days by default) and one more.
    await runtime.advanceClock(31 * 86_400);

    await eventually(async () => ((await describeExecution(id)).status === 'SUCCEEDED' ? true : undefined));
    const events = await history(id);
    expect(events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails?.error).toBe('ApprovalRejected');
    expect(entered(events).slice(-4)).toEqual(['RecordRejection', 'MayAppeal', 'AwaitAppeal', 'Rejected']);
  });
});
