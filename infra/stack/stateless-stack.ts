import { ArnFormat, CfnOutput, Duration, Stack, type SecretValue, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes, type Route } from '../../functions/api/routes.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { stateMachineName, stepHandlers, substitutionName, textSender, workflowPrograms, workflowSweep, type StepName, type WorkflowProgram } from '../../workflows/index.ts';
import { WarmthApi } from './http-api.ts';
import type { Identity } from './stateful-stack.ts';
import { WarmthFunction } from './warmth-function.ts';
import { WebSite } from './web-site.ts';
import { Workflow } from './workflow.ts';

export interface StatelessStackProps extends StackProps {
  table: ITable;
  identity: Identity;
  idHashKey: SecretValue;
  /** The built web app (web/dist). */
  webAssets: string;
  /** How many distinct finance users sign a payment batch off (BATCH_SIGN_OFFS): 2 or 3. */
  batchSignOffs: 2 | 3;
  /** The table's name, which also names the documents bucket (WarmthData creates both). */
  tableName: string;
  /** The SMS sender id (SMS_SENDER_ID), where the destination country supports one. */
  smsSenderId?: string;
  /** How many paid applications finance draws for call-back verification at a time (CALLBACK_SAMPLE_SIZE). */
  callBackSampleSize: number;
}

const handlerKey = (ref: HandlerRef): string => `${ref.file}#${ref.export}`;
const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
/** `functions/api/applications.ts#submitApplication` → `ApiApplicationsSubmitApplication`; unique per handler. */
const functionId = (ref: HandlerRef): string => pascal(ref.file.replace(/^functions\//, '').replace(/\.[cm]?[jt]s$/, '')) + (ref.export === 'handler' ? '' : pascal(ref.export));

/**
 * The code: one function per distinct handler of the route table and the workflow steps, one
 * state machine per program, the HTTP API and the web app. Everything here is rebuilt from
 * functions/api/routes.ts and workflows/index.ts: a new route, step or program needs no change here.
 */
export class StatelessStack extends Stack {
  /** By `file#export`. */
  readonly functions = new Map<string, WarmthFunction>();
  readonly stateMachines = new Map<WorkflowProgram, StateMachine>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const machineNames = Object.fromEntries(workflowPrograms.map((program) => [program, stateMachineName(program)]));
    const apiHandlers = new Set(routes.map((route) => handlerKey(route.handler)));
    const stepHandlerRefs = Object.values(stepHandlers) as HandlerRef[];

    // One log group for all API handlers: a group per function would take the stack past
    // CloudFormation's 500 resources. Steps and the sweep keep a group each.
    const apiLogs = new LogGroup(this, 'ApiHandlerLogs', { retention: RetentionDays.THREE_MONTHS });
    for (const ref of [...routes.map((route) => route.handler), ...stepHandlerRefs]) {
      const key = handlerKey(ref);
      if (this.functions.has(key)) continue;
      const fn = new WarmthFunction(this, functionId(ref), ref, apiHandlers.has(key) ? apiLogs : undefined).bindTable(props.table, 'readWrite');
      if (apiHandlers.has(key)) {
        // Handlers start, inspect and stop executions and answer approvals' task tokens. Only they
        // take resident ID numbers, so only they hold the key that hashes them.
        fn.bindWorkflows(machineNames, 'runExecutions').addEnvironment('ID_HASH_KEY', props.idHashKey.unsafeUnwrap()).addEnvironment('BATCH_SIGN_OFFS', String(props.batchSignOffs)).addEnvironment('CALLBACK_SAMPLE_SIZE', String(props.callBackSampleSize));
      } else {
        fn.bindWorkflows(machineNames, 'answerTasks');
      }
      this.functions.set(key, fn);
    }
    for (const route of routes.filter((candidate) => candidate.documents?.length)) {
      this.functions.get(handlerKey(route.handler))?.bindDocuments(props.tableName, route.documents ?? []);
    }
    const functionOf = (ref: HandlerRef): IFunction => this.functions.get(handlerKey(ref)) as IFunction;

    const bySubstitution = new Map((Object.keys(stepHandlers) as StepName[]).map((step) => [substitutionName(step), functionOf(stepHandlers[step])]));
    for (const program of workflowPrograms) {
      this.stateMachines.set(program, new Workflow(this, `Workflow${pascal(program)}`, program, bySubstitution).stateMachine);
    }

    this.addWorkflowSweep(props.table, machineNames);
    this.addTextSender(props.table, props.smsSenderId);

    const web = new WebSite(this, 'Web');
    const api = new WarmthApi(this, 'Http', { routes, functionOf: (route: Route) => functionOf(route.handler), identity: props.identity, webOrigin: web.url });
    web.deploy(props.webAssets, { apiUrl: api.url, issuer: props.identity.issuer, clientId: props.identity.audience, region: this.region });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'WebUrl', { value: web.url });
  }

  /**
   * The sweep on its schedule, with a grant of exactly what it calls: list a program's failed
   * executions and start one, describe and redrive an execution (nothing else of Step Functions).
   */
  private addWorkflowSweep(table: ITable, machineNames: Record<string, string>): void {
    const sweep = new WarmthFunction(this, functionId(workflowSweep.handler), workflowSweep.handler).bindTable(table, 'readWrite');
    const names = Object.values(machineNames);
    const machines = names.map((name) => WarmthFunction.stateMachineArn(this, name));
    sweep.addEnvironment('WORKFLOW_ARNS', this.toJsonString(Object.fromEntries(Object.entries(machineNames).map(([program, name]) => [program, WarmthFunction.stateMachineArn(this, name)]))));
    sweep.addToRolePolicy(new PolicyStatement({ actions: ['states:ListExecutions', 'states:StartExecution'], resources: machines }));
    const executions = names.map((name) => this.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
    sweep.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution', 'states:RedriveExecution'], resources: executions }));
    sweep.acknowledgeExecutions(names);
    new Rule(this, 'WorkflowSweepSchedule', { schedule: Schedule.rate(Duration.minutes(workflowSweep.everyMinutes)), targets: [new LambdaFunction(sweep)] });
    this.functions.set(`${workflowSweep.handler.file}#${workflowSweep.handler.export}`, sweep);
  }

  /**
   * The SMS sender on its schedule: the one function allowed sns:Publish. SMS to a phone number
   * has no resource ARN to narrow it to, so the grant is sns:Publish on `*` for this function only.
   */
  private addTextSender(table: ITable, senderId: string | undefined): void {
    const sender = new WarmthFunction(this, functionId(textSender.handler), textSender.handler).bindTable(table, 'readWrite');
    sender.addEnvironment('SMS_CHANNEL', 'sns');
    if (senderId) sender.addEnvironment('SMS_SENDER_ID', senderId);
    sender.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    new Rule(this, 'TextSenderSchedule', { schedule: Schedule.rate(Duration.minutes(textSender.everyMinutes)), targets: [new LambdaFunction(sender)] });
    this.functions.set(handlerKey(textSender.handler), sender);
  }
}
