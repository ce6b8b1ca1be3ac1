import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { tableSchema } from '../../functions/store/table.ts';
import { userGroups } from '../../infra/stack/stateful-stack.ts';
import { buildApp } from '../../infra/app.ts';
import { loadStageConfig } from '../../infra/config.ts';
import { grants } from '../../infra/stack/grants.ts';
import { tokenAuthorizer } from '../../infra/stack/handler-bundles.ts';
import { stateMachineName, stepHandlers, textSender, workflowPrograms, workflowSweep } from '../../workflows/index.ts';
import { allStatements, buildWeb, clearSettings, ofType, one, render, roleStatements, testApp, type CfnResource, type Resources } from './synth.ts';

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
  Branches?: { States: Record<string, AslState> }[];
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** Every Task, in branches and map iterators too. */
function* tasksOf(states: Record<string, AslState>): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') yield [name, state];
    for (const nested of [...(state.Branches ?? []), state.Iterator, state.ItemProcessor]) if (nested) yield* tasksOf(nested.States);
  }
}

const getAttId = (value: unknown): string | undefined => (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];
const handlerKey = (ref: HandlerRef) => `${ref.file}#${ref.export}`;

const dev = loadStageConfig('dev');
const machineName = (program: (typeof workflowPrograms)[number]) => stateMachineName(program, dev.stage);

describe('the CDK app, synthesized offline as `npm run synth` does (the dev stage)', () => {
  let assembly: CloudAssembly;
  let app: Resources;
  let data: Resources;
  let appTemplate: { Outputs: Record<string, unknown> };
  let dataTemplate: { Outputs: Record<string, { Value: unknown; Export?: { Name: string } }> };
  /** The stack's own functions (not the CDK's custom resource providers). */
  let warmthFunctions: [string, CfnResource][];
  const policiesOfRole = (roleId: string): Statement[] => roleStatements<Statement>(app, roleId);
  const roleOf = (fn: CfnResource) => getAttId(fn.Properties.Role) as string;
  /** The value an ImportValue in the app stack reads from the data stack's outputs. */
  const exported = (value: unknown): string => {
    const name = (value as { 'Fn::ImportValue': string })['Fn::ImportValue'];
    const output = Object.values(dataTemplate.Outputs).find((candidate) => candidate.Export?.Name === name);
    return render(output?.Value);
  };

  beforeAll(async () => {
    clearSettings();
    const webAssets = await buildWeb();
    // Bundles every function with esbuild, as the CLI would; no account, no network, no Docker.
    const built = buildApp(testApp(), { webAssets });
    assembly = built.app.synth();
    const appStack = assembly.getStackByName('Warmth-dev-App').template as typeof appTemplate & { Resources: Resources };
    const dataStack = assembly.getStackByName('Warmth-dev-Data').template as typeof dataTemplate & { Resources: Resources };
    app = appStack.Resources;
    data = dataStack.Resources;
    appTemplate = appStack;
    dataTemplate = dataStack;
    warmthFunctions = ofType(app, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'warmth');
  }, 300_000);

  it('passes cdk-nag AwsSolutions with every accepted finding acknowledged', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[] };
    const nag = report.pluginReports.filter((plugin) => plugin.pluginName === 'AwsSolutions');
    // CloudFormation's own validation: no circular dependency, which would fail the deployment.
    const validate = report.pluginReports.filter((plugin) => plugin.pluginName === 'CloudFormation Validate').flatMap((plugin) => plugin.violations);
    expect(JSON.stringify(validate)).not.toMatch(/Circular/);
    expect(nag.map((plugin) => [plugin.pluginName, plugin.conclusion, plugin.violations.length])).toEqual([['AwsSolutions', 'success', 0]]);
  });

  it('deploys the data stack before the app stack', () => {
    expect(assembly.getStackByName('Warmth-dev-App').dependencies.map((dependency) => dependency.id)).toContain('Warmth-dev-Data');
  });

  it('makes one function per distinct handler of the routes, the workflow steps, the sweep and the SMS sender, and the API’s authorizer', () => {
    const distinct = new Set([...routes.map((route) => handlerKey(route.handler)), ...Object.values(stepHandlers).map(handlerKey), handlerKey(workflowSweep.handler), handlerKey(textSender.handler), handlerKey(tokenAuthorizer)]);
    expect(warmthFunctions).toHaveLength(distinct.size);
  });

  it('runs the workflow sweep on a schedule, allowed only to list and start executions of the workflows and to describe and redrive theirs', () => {
    const rules = ofType(app, 'AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression === `rate(${workflowSweep.everyMinutes} minutes)`);
    expect(rules).toHaveLength(1);
    const targeted = rules.flatMap(([, rule]) => (rule.Properties.Targets as { Arn: unknown }[]).map((target) => getAttId(target.Arn)));
    const sweepFunction = warmthFunctions.find(([id]) => targeted.includes(id));
    expect(sweepFunction).toBeDefined();
    const statesActions = policiesOfRole(roleOf((sweepFunction as [string, CfnResource])[1]))
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('states:'))
      .sort();
    expect(statesActions).toEqual(['states:DescribeExecution', 'states:ListExecutions', 'states:RedriveExecution', 'states:StartExecution']);
  });

  it('sends SMS from one scheduled function, the only one allowed sns:Publish', () => {
    const rules = ofType(app, 'AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression === `rate(${textSender.everyMinutes} minute)`);
    expect(rules).toHaveLength(1);
    const targeted = rules.flatMap(([, rule]) => (rule.Properties.Targets as { Arn: unknown }[]).map((target) => getAttId(target.Arn)));
    const publishing = warmthFunctions.filter(([, fn]) => policiesOfRole(roleOf(fn)).some((statement) => [statement.Action].flat().includes('sns:Publish')));
    expect(publishing.map(([id]) => id)).toEqual(targeted);
    expect((publishing[0]?.[1].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables.SMS_CHANNEL).toBe('sns');
  });

  it('bundles each function as an ESM file with a require shim, and no source map in the zip', () => {
    for (const [id, fn] of warmthFunctions) {
      const assetDir = join(assembly.directory, `asset.${(fn.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`);
      const bundle = join(assetDir, 'index.mjs');
      expect(existsSync(bundle), `${id}: ${bundle}`).toBe(true);
      expect(readFileSync(bundle, 'utf8').startsWith('import { createRequire as warmthRequire }'), id).toBe(true);
      expect(readdirSync(assetDir).filter((name) => name.endsWith('.map')), id).toEqual([]);
    }
  });

  it('runs every function on Node 22 and ARM64, traced, named by the stage, logging to a group with the stage’s retention, its environment only what its grant uses', () => {
    for (const [id, fn] of warmthFunctions) {
      const { Runtime, Architectures, TracingConfig, LoggingConfig, Environment, FunctionName } = fn.Properties;
      expect([Runtime, Architectures, TracingConfig], id).toEqual(['nodejs22.x', ['arm64'], { Mode: 'Active' }]);
      expect(FunctionName, id).toMatch(/^warmth-dev-/);
      const logGroup = app[(LoggingConfig.LogGroup as { Ref: string }).Ref];
      expect(logGroup?.Properties.RetentionInDays, id).toBe(dev.logRetentionDays);
      const variables = Environment.Variables as Record<string, unknown>;
      // The ID-hash key is read at run time, never put in an environment.
      expect(variables.ID_HASH_KEY, id).toBeUndefined();
      if (variables.ID_HASH_SECRET !== undefined) expect(JSON.stringify(variables.ID_HASH_SECRET), id).not.toContain('resolve:secretsmanager');
      if (variables.TABLE_NAME !== undefined) expect(variables.TABLE_NAME, id).toBe('warmth-dev');
      if (variables.WORKFLOW_ARNS !== undefined) {
        const workflowArns = render(variables.WORKFLOW_ARNS);
        for (const program of workflowPrograms) expect(workflowArns, id).toContain(`"${program}":"arn:<AWS::Partition>:states:${dev.region}:<AWS::AccountId>:stateMachine:${machineName(program)}"`);
      }
    }
  });

  it('gives every route an integration with the function of its handler', () => {
    const apiRoutes = ofType(app, 'AWS::ApiGatewayV2::Route').map(([, route]) => route);
    expect(apiRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    const functionOfKey = new Map<string, string>();
    for (const route of routes) {
      const found = apiRoutes.find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`) as CfnResource;
      const integrationId = /<(\w+)>$/.exec(render(found.Properties.Target))?.[1] as string;
      const integration = app[integrationId];
      expect(integration?.Properties.IntegrationType, `${route.method} ${route.path}`).toBe('AWS_PROXY');
      const fnId = getAttId(integration?.Properties.IntegrationUri) as string;
      expect(app[fnId]?.Properties.Handler, `${route.method} ${route.path}`).toBe(`index.${route.handler.export}`);
      // One function per handler: routes sharing a handler share the function, and only they do.
      const key = handlerKey(route.handler);
      expect(functionOfKey.get(key) ?? fnId).toBe(fnId);
      functionOfKey.set(key, fnId);
    }
    expect(new Set(functionOfKey.values()).size).toBe(functionOfKey.size);
  });

  it('puts the authorizer of both user pools on every route but the public ones, trusting each pool’s issuer and web client', () => {
    const [authorizerId, authorizer] = one(app, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
    const [, fn] = warmthFunctions.find(([, candidate]) => candidate.Properties.FunctionName === 'warmth-dev-ApiTokenAuthorizer') as [string, CfnResource];
    const trusted = fn.Properties.Environment.Variables.TRUSTED_ISSUERS['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : exported(part))).join('');
    expect(trusted).toContain('https://<Users0A0EEA89.ProviderURL>');
    expect(trusted).toContain('<WebClient697086FD>');
    expect(trusted).toMatch(/https:\/\/<Staff[0-9A-F]+\.ProviderURL>/);
    for (const route of routes) {
      const [, found] = ofType(app, 'AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties.RouteKey === `${route.method} ${route.path}`) as [string, CfnResource];
      if (route.public) expect(found.Properties.AuthorizationType, route.path).toBe('NONE');
      else expect([found.Properties.AuthorizationType, render(found.Properties.AuthorizerId)], route.path).toEqual(['CUSTOM', `<${authorizerId}>`]);
    }
    expect(routes.filter((route) => route.public).map((route) => route.path)).toEqual(expect.arrayContaining(['/health', '/openapi.json']));
  });

  it('throttles the API, logs access, and lets only the web origin through CORS', () => {
    const [, stage] = one(app, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
    expect(app[getAttId(stage.Properties.AccessLogSettings.DestinationArn) as string]?.Type).toBe('AWS::Logs::LogGroup');
    const [distributionId] = one(app, 'AWS::CloudFront::Distribution');
    const [, api] = one(app, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration.AllowOrigins.map(render)).toEqual([`https://<${distributionId}.DomainName>`]);
  });

  it('makes one Standard state machine per program, traced and logging without execution data', () => {
    const machines = ofType(app, 'AWS::StepFunctions::StateMachine').map(([, machine]) => machine.Properties);
    expect(machines.map((machine) => machine.StateMachineName).sort()).toEqual(workflowPrograms.map(machineName).sort());
    for (const machine of machines) {
      expect([machine.StateMachineType, machine.TracingConfiguration], machine.StateMachineName).toEqual(['STANDARD', { Enabled: true }]);
      expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    }
  });

  it('resolves every Task of every state machine to a function of the stack that the state machine may invoke', () => {
    const functionIds = new Set(warmthFunctions.map(([id]) => id));
    for (const [, machine] of ofType(app, 'AWS::StepFunctions::StateMachine')) {
      const { DefinitionString, DefinitionSubstitutions, StateMachineName, RoleArn } = machine.Properties;
      const invokable = policiesOfRole(getAttId(RoleArn) as string)
        .filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'))
        .flatMap((statement) => [statement.Resource].flat().map(render));
      const tasks = [...tasksOf(JSON.parse(DefinitionString as string).States)];
      expect(tasks.length, StateMachineName).toBeGreaterThan(0);
      for (const [name, task] of tasks) {
        const reference = task.Resource?.startsWith('arn:${Partition}:states:::lambda:invoke') ? task.Parameters?.FunctionName : task.Resource;
        const placeholder = /^\$\{(\w+)\}$/.exec(reference ?? '')?.[1];
        expect(placeholder, `${StateMachineName}.${name} names its function by substitution`).toBeDefined();
        const target = getAttId(DefinitionSubstitutions[placeholder as string]);
        expect(functionIds.has(target as string), `${StateMachineName}.${name} → ${String(target)}`).toBe(true);
        expect(invokable, `${StateMachineName} may invoke ${String(target)}`).toContain(`<${target}.Arn>`);
      }
    }
  });

  it('grants no IAM statement with a * resource for DynamoDB or Step Functions, and Step Functions rights only on warmth state machines', () => {
    const statements = allStatements<Statement>(app);
    const names = workflowPrograms.map(machineName);
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      const resources = [statement.Resource].flat().map(render);
      if (actions.some((action) => action.startsWith('dynamodb:'))) {
        for (const resource of resources) expect(resource).toMatch(/:table\/warmth-dev(\/index\/\*)?$/);
      }
      if (actions.some((action) => action.startsWith('states:'))) {
        for (const resource of resources) expect(names.some((name) => resource.endsWith(`:stateMachine:${name}`) || resource.endsWith(`:execution:${name}:*`)), resource).toBe(true);
      }
    }
  });

  it('keeps the documents in a private, encrypted, SSL-only bucket, retained, with a lifecycle rule and CORS, and grants exactly the document handlers their object rights', () => {
    const buckets = ofType(data, 'AWS::S3::Bucket');
    const [bucketId, bucket] = buckets.find(([, candidate]) => JSON.stringify(candidate.Properties.BucketName ?? '').includes('-documents-')) as [string, CfnResource];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })]);
    expect(bucket.Properties.CorsConfiguration.CorsRules[0].AllowedMethods.sort()).toEqual(['GET', 'PUT']);
    const policy = ofType(data, 'AWS::S3::BucketPolicy').find(([, candidate]) => getAttId(candidate.Properties.Bucket) === bucketId || JSON.stringify(candidate.Properties.Bucket).includes(bucketId));
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');

    const rights = new Map<string, string[]>();
    for (const [, fn] of warmthFunctions) {
      const actions = policiesOfRole(roleOf(fn)).flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('s3:'));
      if (actions.length) rights.set(String(fn.Properties.Handler ?? ''), actions.sort());
    }
    const expected = Object.values(grants).filter((grant) => grant.documents?.length).map((grant) => (grant.documents ?? []).map((action) => `s3:${action}`).sort());
    expect([...rights.values()].sort()).toEqual(expected.sort());
  });

  it('keeps the table on demand and encrypted with its customer-managed key, with point-in-time recovery, deletion protection and the shared key schema, retained on delete', () => {
    const [, table] = one(data, 'AWS::DynamoDB::GlobalTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      KeySchema: [{ AttributeName: tableSchema.partitionKey, KeyType: 'HASH' }, { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }],
    });
    const [tableKeyId] = ofType(data, 'AWS::KMS::Key').find(([id]) => id.startsWith('TableKey')) as [string, CfnResource];
    expect(render(table.Properties.Replicas[0].SSESpecification.KMSMasterKeyId)).toBe(`<${tableKeyId}.Arn>`);
    expect(table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(tableSchema.globalIndexes.map((index) => index.name));
  });

  it('copies into each index only the listing of the items, as the shared schema defines (a new stage is at the rollout’s last step)', () => {
    const [, table] = one(data, 'AWS::DynamoDB::GlobalTable');
    expect(dev.tableIndexes).toBe('listing');
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      tableSchema.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['listing'] },
      })),
    );
    // DynamoDB's limit: at most 100 attributes projected, summed over the indexes.
    expect(table.Properties.GlobalSecondaryIndexes.flatMap((index: { Projection: { NonKeyAttributes?: string[] } }) => index.Projection.NonKeyAttributes ?? []).length).toBeLessThanOrEqual(100);
    // The functions query the listing indexes: none is told to query the former ones.
    expect(warmthFunctions.filter(([, fn]) => fn.Properties.Environment?.Variables?.TABLE_INDEXES !== undefined).map(([id]) => id)).toEqual([]);
  });

  it('has a workers’ and a staff user pool, together the role groups, with the org-unit and level attributes, which users cannot write themselves', () => {
    const pools = ofType(data, 'AWS::Cognito::UserPool');
    expect(pools).toHaveLength(2);
    for (const [, pool] of pools) expect(pool.Properties.Schema.map((attribute: { Name: string }) => attribute.Name)).toEqual(expect.arrayContaining(['org_unit', 'level']));
    expect(ofType(data, 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName).sort()).toEqual([...userGroups].sort());
    const clients = ofType(data, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(2);
    for (const [, client] of clients) {
      expect(client.Properties.WriteAttributes).toBeDefined();
      expect((client.Properties.WriteAttributes as string[]).filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
    }
  });

  it('serves the web app from a private bucket through CloudFront, with config.json pointing at the API', () => {
    const [bucketId, bucket] = one(app, 'AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const denyInsecure = ofType(app, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) => render(policy.Properties.Bucket) === `<${bucketId}>`)
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[])
      .find((statement) => statement.Effect === 'Deny');
    expect(denyInsecure?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    const [, distribution] = one(app, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses.map((response: { ErrorCode: number; ResponseCode: number; ResponsePagePath: string }) => [response.ErrorCode, response.ResponseCode, response.ResponsePagePath])).toEqual([
      [403, 200, '/index.html'],
      [404, 200, '/index.html'],
    ]);
    const [, deployment] = one(app, 'Custom::CDKBucketDeployment');
    const [apiId] = one(app, 'AWS::ApiGatewayV2::Api');
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain(JSON.stringify({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }));
  });

  it('outputs the API and web URLs, both user pools’ and clients’ ids, the issuers, the staff sign-in page and the table name', () => {
    expect(Object.keys(appTemplate.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'WebUrl']));
    expect(Object.keys(dataTemplate.Outputs)).toEqual(expect.arrayContaining(['UserPoolId', 'UserPoolClientId', 'StaffUserPoolId', 'StaffUserPoolClientId', 'StaffIssuer', 'StaffSignInUrl', 'Issuer', 'TableName']));
  });
});
