import { join } from 'node:path';
import { ArnFormat, Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import { type CfnRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { objectKeyOf } from '../../functions/store/document-files.ts';
import type { Construct } from 'constructs';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { executionActions, type FieldKeyAction, type Grant } from './grants.ts';
import { repoRoot } from './paths.ts';

/**
 * How every handler is bundled (esbuild through NodejsFunction); test/infra/bundle-size.test.ts and
 * `npm run bench -- lambda` bundle the same way.
 */
export const functionBundle = {
  target: 'node22',
  // The Node 22 runtime ships SDK v3; bundling it again only slows cold starts.
  external: ['@aws-sdk/*'],
  // An ESM bundle still meets CommonJS dependencies that call require.
  banner: "import { createRequire as warmthRequire } from 'node:module'; const require = warmthRequire(import.meta.url);",
  /** Lambda's zip holds only the bundle; over this a cold start pays for code it rarely runs. */
  maxBytes: 300 * 1024,
} as const;

/** The stage's settings a function takes. */
export interface FunctionOptions {
  stage: string;
  logGroup: ILogGroup;
  tracing: boolean;
  /** With `tracing`: the layer of Powertools Tracer, which functions/shared/tracing.ts loads to trace the SDK clients. */
  tracerLayer?: ILayerVersion;
}

/** What the grants of infra/stack/grants.ts are on. */
export interface GrantTargets {
  tableName: string;
  /** The functions query the table's former indexes (TABLE_INDEXES=former): the stage's rollout has not switched them yet. */
  formerIndexes: boolean;
  /** Program → state machine name. */
  stateMachineNames: Record<string, string>;
  /** Gives the function the ID-hash key. */
  idHashKey: (fn: WarmthFunction) => void;
  /** Gives the function the field key, for these KMS actions. */
  fieldKey: (fn: WarmthFunction, actions: readonly FieldKeyAction[]) => void;
  batchSignOffs: 2 | 3;
  callBackSampleSize: number;
  /** The documents bucket's name (the data stack's, named from the table). */
  documentsBucket: string;
  smsSenderId?: string;
}

/**
 * Every warmth function: one bundled handler with the project's defaults set once. A function
 * gets no data or workflow access by default; `applyGrant` sets the environment variables and the
 * IAM statements together, so the two cannot disagree.
 */
export class WarmthFunction extends NodejsFunction {
  /** The function's name as a plain string (the monitoring stack's alarms name it). */
  readonly literalName: string;
  /**
   * The role's statements, inline in the role: a policy resource per function would take 101 of
   * the app stack's 500 resources. Declared only, as the base constructor already adds to it (tracing).
   */
  private declare grantDocument: PolicyDocument | undefined;

  constructor(scope: Construct, id: string, handler: HandlerRef, options: FunctionOptions) {
    const functionName = `warmth-${options.stage}-${id}`;
    // Lambda's limit; the alarms and the dashboard name functions by these names.
    if (functionName.length > 64) throw new Error(`${functionName} is longer than Lambda's 64 characters: shorten the handler's name or the stage's`);
    super(scope, id, {
      functionName,
      entry: join(repoRoot, handler.file),
      handler: handler.export,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // API Gateway gives up on an integration after 30 s; a step that needs longer is a design error.
      timeout: Duration.seconds(29),
      tracing: options.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      // One log group for all the stage's functions: a group per function would take 76 of the
      // stack's 500 resources. Powertools' JSON lines name the function (function_name).
      logGroup: options.logGroup,
      // The stage is a dimension of the business metrics (functions/shared/metrics.ts).
      environment: { POWERTOOLS_SERVICE_NAME: 'warmth', WARMTH_STAGE: options.stage, ...(options.tracing && options.tracerLayer ? { WARMTH_TRACING: 'active' } : {}) },
      ...(options.tracing && options.tracerLayer ? { layers: [options.tracerLayer] } : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: functionBundle.target,
        // No source map in the zip: it would double the bundle and ship the source to every reader of
        // the function's code. Stack traces name the minified bundle's lines; `npm run bench -- lambda` builds the maps locally.
        sourceMap: false,
        minify: true,
        externalModules: [...functionBundle.external],
        banner: functionBundle.banner,
        forceDockerBundling: false,
      },
    });
    this.literalName = functionName;
    (this.role?.node.defaultChild as CfnRole).policies = Lazy.any({
      produce: () => (this.grantDocument && !this.grantDocument.isEmpty ? [{ policyName: 'grant', policyDocument: this.grantDocument }] : undefined),
    });
    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
    acknowledge('IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'The basic execution role only lets the function write its own logs.');
    if (options.tracing) acknowledge('IAM5[Resource::*]', 'Active X-Ray tracing needs xray:PutTraceSegments and PutTelemetryRecords, which take no resource.');
    acknowledge('L1', 'Pinned to NODEJS_22_X, the runtime the bundles target (esbuild node22) and the tests cover; a newer runtime is a deliberate upgrade.');
  }

  /** Into the role's inline policy rather than a policy resource of its own. */
  override addToRolePolicy(statement: PolicyStatement): void {
    (this.grantDocument ??= new PolicyDocument()).addStatements(statement);
  }

  /**
   * The handler's grant (infra/stack/grants.ts) as IAM statements, with the environment each part
   * needs: TABLE_NAME with table rights (and TABLE_INDEXES with index queries, while a stage's
   * rollout queries the former indexes), WORKFLOW_ARNS with workflow rights. Nothing else.
   */
  applyGrant(grant: Grant, targets: GrantTargets): this {
    const stack = Stack.of(this);
    if (grant.table || grant.indexQuery) {
      const tableArn = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: targets.tableName });
      this.addEnvironment('TABLE_NAME', targets.tableName);
      if (grant.table?.length) this.addToRolePolicy(new PolicyStatement({ actions: grant.table.map((action) => `dynamodb:${action}`), resources: [tableArn] }));
      if (grant.indexQuery) {
        this.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${tableArn}/index/*`] }));
        if (targets.formerIndexes) this.addEnvironment('TABLE_INDEXES', 'former');
        this.acknowledgeWildcard(`arn:<AWS::Partition>:dynamodb:${WarmthFunction.nagPlace(this)}:table/${targets.tableName}/index/*`, 'Query on the indexes of its own table, which the handler queries.');
      }
    }
    if (grant.workflows?.length) {
      const names = Object.values(targets.stateMachineNames);
      this.addEnvironment('WORKFLOW_ARNS', stack.toJsonString(Object.fromEntries(Object.entries(targets.stateMachineNames).map(([program, name]) => [program, WarmthFunction.stateMachineArn(this, name)]))));
      const onMachines = grant.workflows.filter((action) => !executionActions.includes(action));
      const onExecutions = grant.workflows.filter((action) => executionActions.includes(action));
      if (onMachines.length) this.addToRolePolicy(new PolicyStatement({ actions: onMachines.map((action) => `states:${action}`), resources: names.map((name) => WarmthFunction.stateMachineArn(this, name)) }));
      if (onExecutions.length) {
        const executions = names.map((name) => stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
        this.addToRolePolicy(new PolicyStatement({ actions: onExecutions.map((action) => `states:${action}`), resources: executions }));
        this.acknowledgeExecutions(names);
      }
    }
    if (grant.idHashKey) targets.idHashKey(this);
    if (grant.fieldKey?.length) targets.fieldKey(this, grant.fieldKey);
    if (grant.batchSignOffs) this.addEnvironment('BATCH_SIGN_OFFS', String(targets.batchSignOffs));
    if (grant.callBackSampleSize) this.addEnvironment('CALLBACK_SAMPLE_SIZE', String(targets.callBackSampleSize));
    if (grant.documents?.length) {
      // Presigning a PUT or GET needs the right to make it: the browser's request is the function's.
      this.addEnvironment('DOCUMENTS_BUCKET', targets.documentsBucket);
      const objects = `arn:${stack.partition}:s3:::${targets.documentsBucket}/${objectKeyOf('*')}`;
      this.addToRolePolicy(new PolicyStatement({ actions: grant.documents.map((action) => `s3:${action}`), resources: [objects] }));
      this.acknowledgeWildcard(`arn:<AWS::Partition>:s3:::${WarmthFunction.nagText(targets.documentsBucket)}/${objectKeyOf('*')}`, 'The documents’ objects of its own bucket, under the key prefix they are stored at.');
    }
    if (grant.sms) {
      // SMS to a phone number has no resource ARN to narrow it to: sns:Publish on `*`, for the sender only.
      this.addEnvironment('SMS_CHANNEL', 'sns');
      if (targets.smsSenderId) this.addEnvironment('SMS_SENDER_ID', targets.smsSenderId);
      this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      this.acknowledgeWildcard('*', 'sns:Publish of an SMS straight to a phone number, which has no ARN; the SMS sender alone holds it.');
    }
    return this;
  }

  /** cdk-nag: rights on `execution:<name>:*` cover the executions of those state machines, named by application id. */
  acknowledgeExecutions(stateMachineNames: readonly string[]): void {
    for (const name of stateMachineNames) this.acknowledgeWildcard(`arn:<AWS::Partition>:states:${WarmthFunction.nagPlace(this)}:execution:${name}:*`, 'The executions of its own state machine, whose names are application ids.');
  }

  /** cdk-nag v3 wants each wildcard acknowledged by the exact resource it reports. */
  private acknowledgeWildcard(resource: string, reason: string): void {
    Validations.of(this).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }

  /** `region:account` as cdk-nag prints them: the value when the stack has one, else the pseudo parameter. */
  static nagPlace(scope: Construct): string {
    const { region, account } = WarmthFunction.nagParts(scope);
    return `${region}:${account}`;
  }

  /** A name with the stack's pseudo parameters as cdk-nag prints them. */
  static nagText(text: string): string {
    return text.replace(/\$\{Token\[AWS\.AccountId\.\d+\]\}/g, '<AWS::AccountId>').replace(/\$\{Token\[AWS\.Region\.\d+\]\}/g, '<AWS::Region>');
  }

  static nagParts(scope: Construct): { region: string; account: string } {
    const stack = Stack.of(scope);
    return { region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region, account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account };
  }

  static stateMachineArn(scope: Construct, name: string): string {
    return Stack.of(scope).formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}
