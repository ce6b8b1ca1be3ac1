import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { StageConfig } from '../../infra/config.ts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../infra/stack/paths.ts';
import { buildWeb, clearSettings, ofType, one, testApp, type Resources } from './synth.ts';

let webAssets: string;

/** The app module afresh, so that a vi.doMock of the shared lists takes effect. */
const loadApp = async () => {
  const { buildApp } = await import('../../infra/app.ts');
  return (app: App, config?: StageConfig) => buildApp(app, { webAssets, ...(config ? { config } : {}) });
};

describe('the CDK app configured by its stage file and the shared lists', () => {
  beforeAll(async () => {
    webAssets = await buildWeb();
  });
  beforeEach(() => {
    clearSettings();
    vi.resetModules();
  });
  afterEach(() => {
    vi.doUnmock('../../workflows/index.ts');
    vi.doUnmock('../../functions/api/routes.ts');
  });

  it('reads every stage file of infra/stages with the typed schema', async () => {
    const { loadStageConfig } = await import('../../infra/config.ts');
    for (const stage of readdirSync(join(repoRoot, 'infra', 'stages')).map((name) => name.replace(/\.json$/, ''))) expect(loadStageConfig(stage).stage).toBe(stage);
  });

  it('refuses a stage file with a mistake, naming the file and the field', async () => {
    const { parseStageConfig, loadStageConfig } = await import('../../infra/config.ts');
    const dev = loadStageConfig('dev');
    expect(() => parseStageConfig({ ...dev, logRetentionDays: 31 }, 'x.json')).toThrow(/x\.json: logRetentionDays: one of/);
    expect(() => parseStageConfig({ ...dev, stage: 'Prod' }, 'x.json')).toThrow(/x\.json: stage:/);
    expect(() => parseStageConfig({ ...dev, region: 'cn-north-1' }, 'x.json')).toThrow(/no Cognito user pools/);
    expect(() => parseStageConfig({ ...dev, extra: true }, 'x.json')).toThrow(/x\.json/);
  });

  it('names stacks, table, state machines, functions and API by the stage, so dev and prod deploy side by side', async () => {
    const { loadStageConfig } = await import('../../infra/config.ts');
    const buildApp = await loadApp();
    const names = (stage: string) => {
      const built = buildApp(testApp({}, { bundle: false }), loadStageConfig(stage));
      const assembly = built.app.synth();
      const stacks = assembly.stacks.map((stack) => stack.stackName).sort();
      const app = assembly.getStackByName(`Warmth-${stage}-App`).template.Resources as Resources;
      const data = assembly.getStackByName(`Warmth-${stage}-Data`).template.Resources as Resources;
      return {
        stacks,
        table: one(data, 'AWS::DynamoDB::GlobalTable')[1].Properties.TableName,
        machines: ofType(app, 'AWS::StepFunctions::StateMachine').map(([, machine]) => machine.Properties.StateMachineName).sort(),
        api: one(app, 'AWS::ApiGatewayV2::Api')[1].Properties.Name,
        functions: ofType(app, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.FunctionName).filter(Boolean),
      };
    };
    const dev = names('dev');
    const prod = names('prod');
    expect(dev.stacks).toEqual(['Warmth-dev-App', 'Warmth-dev-Data', 'Warmth-dev-Monitoring']);
    expect(prod.stacks).toEqual(['Warmth-prod-App', 'Warmth-prod-Data', 'Warmth-prod-Edge', 'Warmth-prod-Monitoring']);
    expect([dev.table, dev.api, prod.table, prod.api]).toEqual(['warmth-dev', 'warmth-dev', 'warmth-prod', 'warmth-prod']);
    expect(dev.machines).toEqual(['warmth-dev-autumn-aid', 'warmth-dev-hardship-relief', 'warmth-dev-mutual-claim', 'warmth-dev-warmth-visits']);
    expect(prod.machines).toEqual(['warmth-prod-autumn-aid', 'warmth-prod-hardship-relief', 'warmth-prod-mutual-claim', 'warmth-prod-warmth-visits']);
    expect(dev.functions.every((name: string) => name.startsWith('warmth-dev-'))).toBe(true);
    expect(prod.functions.every((name: string) => name.startsWith('warmth-prod-'))).toBe(true);
  }, 120_000);

  it('synthesizes a China stage (cn-north-1) with the partition of the region in every ARN, an OIDC issuer, no X-Ray, and TLS 1.2 on its ICP-recorded domain', async () => {
    const { loadStageConfig } = await import('../../infra/config.ts');
    const buildApp = await loadApp();
    const assembly = buildApp(testApp({}, { bundle: false }), loadStageConfig('cnprod')).app.synth();
    for (const stack of assembly.stacks) expect(JSON.stringify(stack.template), stack.stackName).not.toContain('arn:aws:');
    const app = assembly.getStackByName('Warmth-cnprod-App').template.Resources as Resources;
    const data = assembly.getStackByName('Warmth-cnprod-Data').template.Resources as Resources;
    expect(ofType(data, 'AWS::Cognito::UserPool')).toEqual([]);
    const [, authorizer] = one(app, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: 'https://id.example.cn/realms/union', Audience: ['warmth-web'] });
    for (const [, fn] of ofType(app, 'AWS::Lambda::Function').filter(([, candidate]) => candidate.Properties.FunctionName)) expect(fn.Properties.TracingConfig).toBeUndefined();
    for (const [, machine] of ofType(app, 'AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: false });
      expect(machine.Properties.DefinitionSubstitutions.Partition).toEqual({ Ref: 'AWS::Partition' });
    }
    const [, distribution] = one(app, 'AWS::CloudFront::Distribution');
    expect(distribution.Properties.DistributionConfig.Aliases).toEqual(['aid.example.cn']);
    expect(distribution.Properties.DistributionConfig.ViewerCertificate).toMatchObject({ IamCertificateId: 'ASCAEXAMPLE0000000001', MinimumProtocolVersion: 'TLSv1.2_2021' });
  }, 60_000);

  it('gives CALLBACK_SAMPLE_SIZE to the handler that draws, the sender id to the SMS sender, and the web origins to the documents bucket’s CORS', async () => {
    const { loadStageConfig, parseStageConfig } = await import('../../infra/config.ts');
    const dev = loadStageConfig('dev');
    expect(() => parseStageConfig({ ...dev, callBackSampleSize: 0 }, 'x.json')).toThrow(/x\.json: callBackSampleSize/);
    expect(() => parseStageConfig({ ...dev, smsSenderId: 'far too long a sender' }, 'x.json')).toThrow(/x\.json: smsSenderId/);
    expect(() => parseStageConfig({ ...dev, webOrigins: ['not a url'] }, 'x.json')).toThrow(/x\.json: webOrigins/);
    const buildApp = await loadApp();
    const assembly = buildApp(testApp({}, { bundle: false }), { ...dev, callBackSampleSize: 25, smsSenderId: 'Warmth', webOrigins: ['https://aid.example.org'] }).app.synth();
    const app = assembly.getStackByName('Warmth-dev-App').template.Resources as Resources;
    const data = assembly.getStackByName('Warmth-dev-Data').template.Resources as Resources;
    const variables = ofType(app, 'AWS::Lambda::Function').map(([, fn]) => (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>);
    expect(variables.filter((env) => env.CALLBACK_SAMPLE_SIZE !== undefined).map((env) => env.CALLBACK_SAMPLE_SIZE)).toEqual(['25']);
    expect(variables.filter((env) => env.SMS_SENDER_ID !== undefined).map((env) => [env.SMS_CHANNEL, env.SMS_SENDER_ID])).toEqual([['sns', 'Warmth']]);
    const bucket = ofType(data, 'AWS::S3::Bucket').find(([, candidate]) => JSON.stringify(candidate.Properties.BucketName ?? '').includes('-documents-'));
    expect(bucket?.[1].Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://aid.example.org']);
  }, 120_000);

  it('walks a table deployed with whole-item indexes to the listing ones one index per deploy, the functions switching only once both are built and before the former go', async () => {
    const { indexRollout, indexesAt } = await import('../../functions/store/table.ts');
    for (const [index, step] of indexRollout.entries()) {
      const previous = indexRollout[index - 1];
      if (!previous) continue;
      const added = step.indexes.filter((name) => !(previous.indexes as readonly string[]).includes(name));
      const dropped = previous.indexes.filter((name) => !(step.indexes as readonly string[]).includes(name));
      // CloudFormation takes one index added or dropped per update; a step that changes none switches the queries.
      expect(added.length + dropped.length + (step.queried === previous.queried ? 0 : 1), step.step).toBe(1);
      if (step.queried === 'listing') expect(previous.indexes, step.step).toEqual(expect.arrayContaining(['gsi1-listing', 'gsi2-listing']));
      if (dropped.length) expect(previous.queried, step.step).toBe('listing');
    }
    expect(indexesAt(indexRollout.at(-1)!.step).map((index) => index.name)).toEqual(['gsi1-listing', 'gsi2-listing']);

    const { loadStageConfig } = await import('../../infra/config.ts');
    const buildApp = await loadApp();
    const assembly = buildApp(testApp({}, { bundle: false }), { ...loadStageConfig('dev'), tableIndexes: 'add-gsi1-listing' }).app.synth();
    const data = assembly.getStackByName('Warmth-dev-Data').template.Resources as Resources;
    const app = assembly.getStackByName('Warmth-dev-App').template.Resources as Resources;
    const [, table] = one(data, 'AWS::DynamoDB::GlobalTable');
    expect((table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[]).map((index) => [index.IndexName, index.Projection])).toEqual([
      ['gsi1', { ProjectionType: 'ALL' }],
      ['gsi2', { ProjectionType: 'ALL' }],
      ['gsi1-listing', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['listing'] }],
    ]);
    // Every function that queries an index queries the former ones meanwhile; the others are told nothing.
    const { grants } = await import('../../infra/stack/grants.ts');
    const told = ofType(app, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.TABLE_INDEXES !== undefined);
    expect(told.map(([, fn]) => fn.Properties.Environment.Variables.TABLE_INDEXES)).toEqual(told.map(() => 'former'));
    expect(told).toHaveLength(Object.values(grants).filter((grant) => grant.indexQuery).length);
  }, 120_000);

  it('refuses a stage that does not say which indexes its table has, naming the rollout', async () => {
    const { loadStageConfig, parseStageConfig } = await import('../../infra/config.ts');
    const { tableIndexes: _step, ...unsaid } = loadStageConfig('dev');
    expect(() => parseStageConfig(unsaid, 'x.json')).toThrow(/x\.json: tableIndexes: .*"former" for a table deployed before the indexes were narrowed/);
  });

  it('fails the synth naming the web build when there is none, rather than deploying no app', async () => {
    const { buildApp } = await import('../../infra/app.ts');
    const unbuilt = mkdtempSync(join(tmpdir(), 'web-unbuilt-'));
    expect(() => buildApp(testApp({}, { bundle: false }), { webAssets: unbuilt })).toThrow(`${join(unbuilt, 'index.html')} is missing: run \`npm run build:web\``);
  });

  it('fails the synth naming a workflow file that does not exist', async () => {
    vi.doMock('../../workflows/index.ts', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../workflows/index.ts')>();
      return { ...original, workflowPrograms: [...original.workflowPrograms, 'no-such-program'] };
    });
    const buildApp = await loadApp();
    expect(() => buildApp(testApp({}, { bundle: false }))).toThrow(`${join(repoRoot, 'workflows', 'no-such-program.asl.json')} is missing`);
  });

  it('fails the synth naming a placeholder in a workflow that no step handler provides', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'asl-'));
    const file = join(folder, 'stray.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'Go', States: { Go: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${NoSuchStepFunctionArn}' }, End: true } } }));
    vi.doMock('../../workflows/index.ts', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../workflows/index.ts')>();
      return { ...original, workflowPrograms: ['stray'], workflowFile: () => relative(repoRoot, file) };
    });
    const buildApp = await loadApp();
    expect(() => buildApp(testApp({}, { bundle: false }))).toThrow('${NoSuchStepFunctionArn}');
  });

  it('fails the synth naming a handler file that does not exist', async () => {
    vi.doMock('../../functions/api/routes.ts', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../functions/api/routes.ts')>();
      const missing = { method: 'GET', path: '/not-yet', summary: 'not written yet', handler: { file: 'functions/api/not-written-yet.ts', export: 'notYet' } } as const;
      return { ...original, routes: [...original.routes, missing] };
    });
    const buildApp = await loadApp();
    expect(() => buildApp(testApp({}, { bundle: false }))).toThrow(join(repoRoot, 'functions', 'api', 'not-written-yet.ts'));
  });
});
