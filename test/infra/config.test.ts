import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../infra/stack/paths.ts';
import { buildWeb, clearSettings, ofType, one, testApp, type Resources } from './synth.ts';

let webAssets: string;

/** The app module afresh, so that a vi.doMock of the shared lists takes effect. */
const loadApp = async () => {
  const { buildApp } = await import('../../infra/app.ts');
  return (app: App) => buildApp(app, { webAssets });
};

describe('the CDK app configured by context and the shared lists', () => {
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

  it('uses the OIDC issuer and audience given instead of making a user pool', async () => {
    const buildApp = await loadApp();
    const assembly = buildApp(testApp({ OIDC_ISSUER: 'https://id.example.org/realms/union', OIDC_AUDIENCE: 'warmth-web' }, { bundle: false })).app.synth();
    const app = assembly.getStackByName('WarmthApp').template.Resources as Resources;
    const data = assembly.getStackByName('WarmthData').template.Resources as Resources;

    expect(ofType(data, 'AWS::Cognito::UserPool')).toEqual([]);
    const [, authorizer] = one(app, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: 'https://id.example.org/realms/union', Audience: ['warmth-web'] });
  });

  it('refuses an OIDC issuer without an audience', async () => {
    const buildApp = await loadApp();
    expect(() => buildApp(testApp({ OIDC_ISSUER: 'https://id.example.org/realms/union' }, { bundle: false }))).toThrow(/OIDC_ISSUER and OIDC_AUDIENCE/);
  });

  it('gives the API handlers CALLBACK_SAMPLE_SIZE, and refuses a size outside 1 to 50', async () => {
    const buildApp = await loadApp();
    expect(() => buildApp(testApp({ CALLBACK_SAMPLE_SIZE: '0' }, { bundle: false }))).toThrow(/CALLBACK_SAMPLE_SIZE must be a whole number from 1 to 50/);
    const app = buildApp(testApp({ CALLBACK_SAMPLE_SIZE: '25' }, { bundle: false })).app.synth().getStackByName('WarmthApp').template.Resources as Resources;
    const sizes = ofType(app, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.Environment?.Variables?.CALLBACK_SAMPLE_SIZE).filter(Boolean);
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes)).toEqual(new Set(['25']));
  });

  it('names the table by TABLE_NAME and binds every function to that name', async () => {
    const buildApp = await loadApp();
    const assembly = buildApp(testApp({ TABLE_NAME: 'warmth-staging' }, { bundle: false })).app.synth();
    const app = assembly.getStackByName('WarmthApp').template.Resources as Resources;
    const data = assembly.getStackByName('WarmthData').template.Resources as Resources;

    expect(one(data, 'AWS::DynamoDB::GlobalTable')[1].Properties.TableName).toBe('warmth-staging');
    const tableNames = ofType(app, 'AWS::Lambda::Function')
      .map(([, fn]) => fn.Properties.Environment?.Variables)
      .filter((variables) => variables?.POWERTOOLS_SERVICE_NAME === 'warmth')
      .map((variables) => variables.TABLE_NAME);
    expect(tableNames.length).toBeGreaterThan(0);
    expect(new Set(tableNames)).toEqual(new Set(['warmth-staging']));
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
