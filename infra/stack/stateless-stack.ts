import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type CfnResource, type SecretValue, type StackProps, Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Distribution, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes } from '../../functions/api/routes.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { stateMachineName, stepHandlers, substitutionName, workflowFile, workflowPrograms, type StepName } from '../../workflows/index.ts';
import type { Identity } from './stateful-stack.ts';
import { repoRoot } from './paths.ts';
import { WarmthFunction } from './warmth-function.ts';

export interface StatelessStackProps extends StackProps {
  table: ITable;
  identity: Identity;
  idHashKey: SecretValue;
  /** The built web app (web/dist); without it no web deployment is made. */
  webAssets?: string;
}

const functionId = (ref: HandlerRef) => ref.export.charAt(0).toUpperCase() + ref.export.slice(1);

/** The code: one function per handler, one state machine per program, the HTTP API and the web app. */
export class StatelessStack extends Stack {
  readonly functions = new Map<string, WarmthFunction>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const machineNames = Object.fromEntries(workflowPrograms.map((program) => [program, stateMachineName(program)]));
    const environment = { ID_HASH_KEY: props.idHashKey.unsafeUnwrap() };

    const stepFunctions = new Map<StepName, WarmthFunction>();
    for (const step of Object.keys(stepHandlers) as StepName[]) {
      const fn = new WarmthFunction(this, `Step${step}`, stepHandlers[step], environment).bindTable(props.table, 'readWrite').bindWorkflows(machineNames, { start: false });
      stepFunctions.set(step, fn);
    }

    for (const program of workflowPrograms) {
      const logGroup = new LogGroup(this, `Workflow-${program}-Logs`, { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
      const machine = new StateMachine(this, `Workflow-${program}`, {
        stateMachineName: stateMachineName(program),
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(readFileSync(join(repoRoot, workflowFile(program)), 'utf8')),
        definitionSubstitutions: Object.fromEntries([...stepFunctions].map(([step, fn]) => [substitutionName(step), fn.functionArn])),
        tracingEnabled: true,
        // ALL events, but no execution data: inputs carry ID and bank numbers.
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      });
      // The definition is a string the CDK does not analyse, so invoke rights are granted explicitly.
      for (const fn of stepFunctions.values()) fn.grantInvoke(machine);
    }

    const api = new HttpApi(this, 'Api', {
      apiName: 'warmth',
      corsPreflight: {
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type', 'accept-language', 'idempotency-key'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
        maxAge: Duration.hours(1),
      },
    });
    const authorizer = new HttpJwtAuthorizer('Jwt', props.identity.issuer, { jwtAudience: [props.identity.audience] });
    for (const route of routes) {
      const key = `${route.handler.file}#${route.handler.export}`;
      let fn = this.functions.get(key);
      if (!fn) {
        fn = new WarmthFunction(this, `Api${functionId(route.handler)}`, route.handler, environment).bindTable(props.table, 'readWrite').bindWorkflows(machineNames, { start: true });
        this.functions.set(key, fn);
      }
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.method}${route.path}`, fn),
        ...(route.public ? {} : { authorizer }),
      });
    }
    const stage = api.defaultStage?.node.defaultChild as { throttle?: unknown; addPropertyOverride?: (path: string, value: unknown) => void } | undefined;
    stage?.addPropertyOverride?.('DefaultRouteSettings', { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });

    if (props.webAssets) {
      const site = new Bucket(this, 'Web', { blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true, encryption: BucketEncryption.S3_MANAGED, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      Validations.of(site).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Static web assets rebuilt on every deploy; CloudFront logs cover access.' });
      const cdn = new Distribution(this, 'Cdn', {
        defaultBehavior: { origin: S3BucketOrigin.withOriginAccessControl(site), viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
        defaultRootObject: 'index.html',
        errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html' })),
      });
      Validations.of(cdn).acknowledge({ id: 'AwsSolutions::AwsSolutions-CFR1', reason: 'Union members are in mainland China and elsewhere; no geo restriction.' });
      Validations.of(cdn).acknowledge({ id: 'AwsSolutions::AwsSolutions-CFR2', reason: 'WAF is an option each deployment may add; not required for a static app.' });
      Validations.of(cdn).acknowledge({ id: 'AwsSolutions::AwsSolutions-CFR3', reason: 'Access logging needs a log bucket each union chooses.' });
      Validations.of(cdn).acknowledge({ id: 'AwsSolutions::AwsSolutions-CFR4', reason: 'The default CloudFront certificate is used until a custom domain is configured.' });
      new BucketDeployment(this, 'WebDeployment', {
        destinationBucket: site,
        distribution: cdn,
        sources: [
          Source.asset(props.webAssets),
          Source.jsonData('config.json', { apiUrl: api.apiEndpoint, issuer: props.identity.issuer, clientId: props.identity.audience, region: this.region }),
        ],
      });
      const deploymentFindings = [
        ...['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map((action) => `IAM5[Action::s3:${action}]`),
        `IAM5[Resource::<${this.getLogicalId(site.node.defaultChild as CfnResource)}.Arn>/*]`,
        'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      ];
      for (const finding of deploymentFindings) {
        Validations.of(this).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason: 'The CDK BucketDeployment copies the built web app from the CDK asset bucket into the web bucket.' });
      }
      new CfnOutput(this, 'WebUrl', { value: `https://${cdn.distributionDomainName}` });
    }
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    // cdk-nag v3 wants each wildcard finding acknowledged by name: these are all below resources of this app.
    const wildcards = [
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'IAM5[Resource::*]',
      `IAM5[Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${props.table.tableName}/index/*]`,
      ...Object.values(machineNames).map((name) => `IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`),
      ...[...stepFunctions.values()].map((fn) => `IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnResource)}.Arn>:*]`),
    ];
    for (const finding of wildcards) {
      Validations.of(this).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason: 'X-Ray needs Resource *; every other wildcard is below a resource of this app: its table indexes, its state machines\' executions, its step functions\' versions.' });
    }
    const acknowledged: [string, string][] = [
      ['AwsSolutions-APIG4', '/health and /openapi.json are public by design (API.md); every other route has the JWT authorizer.'],
      ['AwsSolutions-L1', 'Functions run NODEJS_22_X; the BucketDeployment provider picks its own runtime.'],
      ['AwsSolutions-APIG1', 'Access logging of the HTTP API is configured per deployment.'],
    ];
    for (const [ruleId, reason] of acknowledged) Validations.of(this).acknowledge({ id: `AwsSolutions::${ruleId}`, reason });
  }
}
