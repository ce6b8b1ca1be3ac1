import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes, type Route } from '../../functions/api/routes.ts';
import { tokenAuthorizer } from './handler-bundles.ts';
import { tracerLayer } from './tracer-layer.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { stateMachineName, stepHandlers, substitutionName, textSender, workflowPrograms, workflowSweep, type StepName, type WorkflowProgram } from '../../workflows/index.ts';
import { partitionOf, stageNames, type StageConfig } from '../config.ts';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { WarmthApi } from './http-api.ts';
import { documentsBucketName, workerGroups, type Identity } from './stateful-stack.ts';
import { grantOf } from './grants.ts';
import { WarmthFunction, type GrantTargets } from './warmth-function.ts';
import { WebSite } from './web-site.ts';
import { Workflow } from './workflow.ts';
import { rolloutStep } from '../../functions/store/table.ts';

export interface StatelessStackProps extends StackProps {
  table: ITable;
  identity: Identity;
  idHashKey: ISecret;
  /** The KMS key whose data keys seal resident-ID and bank-card numbers. */
  fieldKey: IKey;
  /** The WAF web ACL in front of the web app (the edge stack's), when the stage has one. */
  webAclArn?: string;
  /** The customer-managed key of the state machines' logs. */
  logKey: IKey;
  /** The built web app (web/dist). */
  webAssets: string;
  config: StageConfig;
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
  readonly api: HttpApi;
  /** The API's authorizer of both user pools, when the stage has Cognito (not a handler of the route table: it has no grant). */
  readonly tokenAuthorizer?: WarmthFunction;
  readonly stateMachineNames: Record<WorkflowProgram, string>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const machineNames = Object.fromEntries(workflowPrograms.map((program) => [program, stateMachineName(program, props.config.stage)])) as Record<WorkflowProgram, string>;
    this.stateMachineNames = machineNames;
    const stepHandlerRefs = Object.values(stepHandlers) as HandlerRef[];
    const targets: GrantTargets = {
      tableName: props.table.tableName,
      formerIndexes: rolloutStep(props.config.tableIndexes).queried === 'former',
      stateMachineNames: machineNames,
      // Only the handlers that take resident ID numbers hold the key that hashes them.
      idHashKey: (fn) => {
        fn.addEnvironment('ID_HASH_SECRET', props.idHashKey.secretArn);
        fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.idHashKey.secretArn] }));
      },
      // Only the handlers that seal or open ID and card numbers hold the field key, each for what it does.
      fieldKey: (fn, actions) => {
        fn.addEnvironment('FIELD_KEY_ID', props.fieldKey.keyArn);
        fn.addToRolePolicy(new PolicyStatement({ actions: actions.map((action) => `kms:${action}`), resources: [props.fieldKey.keyArn] }));
      },
      batchSignOffs: props.config.batchSignOffs,
      callBackSampleSize: props.config.callBackSampleSize,
      documentsBucket: documentsBucketName(props.table.tableName, this),
      ...(props.config.smsSenderId ? { smsSenderId: props.config.smsSenderId } : {}),
    };

    const logGroup = new LogGroup(this, 'FunctionLogs', { logGroupName: `/aws/lambda/warmth-${props.config.stage}`, retention: props.config.logRetentionDays as RetentionDays });
    // Tracer on the SDK clients only where the stage traces: the layer is not even made elsewhere.
    const functionOptions = { stage: props.config.stage, logGroup, tracing: props.config.tracing, ...(props.config.tracing ? { tracerLayer: tracerLayer(this) } : {}) };
    for (const ref of [...routes.map((route) => route.handler), ...stepHandlerRefs, workflowSweep.handler, textSender.handler]) {
      const key = handlerKey(ref);
      if (this.functions.has(key)) continue;
      this.functions.set(key, new WarmthFunction(this, functionId(ref), ref, functionOptions).applyGrant(grantOf(key), targets));
    }
    const functionOf = (ref: HandlerRef): IFunction => this.functions.get(handlerKey(ref)) as IFunction;

    const bySubstitution = new Map((Object.keys(stepHandlers) as StepName[]).map((step) => [substitutionName(step), functionOf(stepHandlers[step])]));
    for (const program of workflowPrograms) {
      this.stateMachines.set(program, new Workflow(this, `Workflow${pascal(program)}`, program, bySubstitution, { name: machineNames[program] as string, logRetentionDays: props.config.logRetentionDays, tracing: props.config.tracing, logKey: props.logKey }).stateMachine);
    }

    new Rule(this, 'WorkflowSweepSchedule', { schedule: Schedule.rate(Duration.minutes(workflowSweep.everyMinutes)), targets: [new LambdaFunction(functionOf(workflowSweep.handler))] });
    new Rule(this, 'TextSenderSchedule', { schedule: Schedule.rate(Duration.minutes(textSender.everyMinutes)), targets: [new LambdaFunction(functionOf(textSender.handler))] });

    const web = new WebSite(this, 'Web', { customDomain: props.config.customDomain, accessLogs: props.config.accessLogs, webAclArn: props.webAclArn, logRetentionDays: props.config.logRetentionDays, china: partitionOf(props.config.region) === 'aws-cn' });
    const staff = props.identity.staff;
    if (staff && props.identity.userPool) {
      this.tokenAuthorizer = new WarmthFunction(this, 'ApiTokenAuthorizer', tokenAuthorizer, functionOptions);
      const trusted = [
        { issuer: props.identity.issuer, audience: props.identity.audience, groups: [...workerGroups] },
        { issuer: staff.issuer, audience: staff.audience, groups: [...staff.groups] },
      ];
      this.tokenAuthorizer.addEnvironment('TRUSTED_ISSUERS', this.toJsonString(trusted));
    }
    const api = new WarmthApi(this, 'Http', { routes, ...(this.tokenAuthorizer ? { tokenAuthorizer: this.tokenAuthorizer } : {}), functionOf: (route: Route) => functionOf(route.handler), identity: props.identity, webOrigin: web.url, name: stageNames(props.config.stage).api, stage: props.config.stage, logRetentionDays: props.config.logRetentionDays });
    this.api = api.api;
    // The API by its service's host pattern, not its own URL: the URL would make the headers policy
    // depend on the API, whose CORS depends on the distribution, which depends on the policy.
    web.allowConnections(`https://*.execute-api.${this.region}.${this.urlSuffix}`, props.identity.userPool ? `https://cognito-idp.${this.region}.${this.urlSuffix}` : new URL(props.identity.issuer).origin);
    // The browser PUTs photos to, and shows them from, presigned URLs of the documents bucket.
    const documentsOrigin = `https://${targets.documentsBucket}.s3.${this.region}.${this.urlSuffix}`;
    web.allowConnections(documentsOrigin);
    web.allowImages(documentsOrigin);
    web.deploy(props.webAssets, { apiUrl: api.url, issuer: props.identity.issuer, clientId: props.identity.audience, ...(staff ? { staffIssuer: staff.issuer, staffClientId: staff.audience } : {}), region: this.region });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'WebUrl', { value: web.url });
  }
}
