import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import { buildApp } from '../../infra/app.ts';
import { loadStageConfig } from '../../infra/config.ts';
import { repoRoot } from '../../infra/stack/paths.ts';
import { workflowPrograms } from '../../workflows/index.ts';
import { buildWeb, clearSettings, ofType, one, render, testApp, type Resources } from './synth.ts';

/** What an operator relies on: every alarm reaches the topic and has its runbook entry; writes are throttled route by route. */
describe('the stage as an operator meets it (prod)', () => {
  let monitoring: Resources;
  let app: Resources;
  let functionNames: string[];

  beforeAll(async () => {
    clearSettings();
    const webAssets = await buildWeb();
    const built = buildApp(testApp({}, { bundle: false }), { webAssets, config: loadStageConfig('prod') });
    const assembly = built.app.synth();
    monitoring = assembly.getStackByName('Warmth-prod-Monitoring').template.Resources as Resources;
    app = assembly.getStackByName('Warmth-prod-App').template.Resources as Resources;
    functionNames = [...built.stateless.functions.values(), ...(built.stateless.tokenAuthorizer ? [built.stateless.tokenAuthorizer] : [])].map((fn) => fn.literalName);
  }, 120_000);

  const alarmNames = () => ofType(monitoring, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties.AlarmName as string);

  it('alarms on failed, timed-out and aborted executions per workflow, attention, overdue approvals, the API, every function (the authorizer’s refusals are no errors) and the table', () => {
    const names = new Set(alarmNames());
    const expected = [
      ...workflowPrograms.flatMap((program) => ['failed', 'timed-out', 'aborted'].map((what) => `warmth-prod-${program}-executions-${what}`)),
      ...['needs-attention', 'approvals-overdue', 'api-5xx', 'api-throttled', 'table-throttles', 'table-system-errors'].map((what) => `warmth-prod-${what}`),
      ...functionNames.flatMap((name) => ['errors', 'throttles', 'duration-p99'].map((what) => `${name}-${what}`)),
    ].filter((name) => name !== 'warmth-prod-ApiTokenAuthorizer-errors');
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
    expect(names.size).toBe(expected.length);
  });

  it('sends every alarm to the stage’s topic, e-mailed to the stage’s address, and draws a dashboard', () => {
    const [topicId] = one(monitoring, 'AWS::SNS::Topic');
    for (const [id, alarm] of ofType(monitoring, 'AWS::CloudWatch::Alarm')) expect((alarm.Properties.AlarmActions as unknown[]).map(render), id).toEqual([`<${topicId}>`]);
    const [, subscription] = one(monitoring, 'AWS::SNS::Subscription');
    expect([subscription.Properties.Protocol, subscription.Properties.Endpoint]).toEqual(['email', loadStageConfig('prod').alarmEmail]);
    expect(one(monitoring, 'AWS::CloudWatch::Dashboard')[1].Properties.DashboardName).toBe('warmth-prod');
  });

  it('has a runbook entry in the README for every alarm', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const runbook = readme.slice(readme.indexOf('## Alarms (runbook)'));
    const entries = [...runbook.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
    const pattern = (entry: string) => new RegExp(`^warmth-prod-${entry.replace(/<program>/g, `(${workflowPrograms.join('|')})`).replace(/<Function>/g, '[A-Za-z0-9]+')}$`);
    const uncovered = alarmNames().filter((name) => !entries.some((entry) => pattern(entry).test(name)));
    expect(entries.length).toBeGreaterThan(5);
    expect(uncovered).toEqual([]);
  });

  it('throttles each write route on its own, below the whole API’s limits', () => {
    const [, stage] = one(app, 'AWS::ApiGatewayV2::Stage');
    const whole = stage.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    const perRoute = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const writes = routes.filter((route) => route.method !== 'GET').map((route) => `${route.method} ${route.path}`);
    expect(writes.length).toBeGreaterThan(10);
    for (const key of writes) {
      expect(perRoute[key], key).toBeDefined();
      expect(perRoute[key]?.ThrottlingRateLimit, key).toBeLessThan(whole.ThrottlingRateLimit);
      expect(perRoute[key]?.ThrottlingBurstLimit, key).toBeLessThan(whole.ThrottlingBurstLimit);
    }
  });

  it('lets API Gateway invoke the functions with one role limited to the stage’s functions, not a permission per route (the app stack stays under 500 resources)', () => {
    const integrations = ofType(app, 'AWS::ApiGatewayV2::Integration');
    const [roleId] = ofType(app, 'AWS::IAM::Role').find(([, role]) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com')) as [string, unknown];
    for (const [id, integration] of integrations) expect(render(integration.Properties.CredentialsArn), id).toBe(`<${roleId}.Arn>`);
    const statements = (app[roleId]?.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: unknown[] } }) => policy.PolicyDocument.Statement);
    const attached = ofType(app, 'AWS::IAM::Policy').filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => render(role) === `<${roleId}>`)).flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    expect([...statements, ...attached].map((statement: { Action: unknown; Resource: unknown }) => [statement.Action, render(statement.Resource)])).toEqual([['lambda:InvokeFunction', 'arn:<AWS::Partition>:lambda:ap-east-1:111122223333:function:warmth-prod-*']]);
    const apiPermissions = ofType(app, 'AWS::Lambda::Permission').filter(([, permission]) => permission.Properties.Principal === 'apigateway.amazonaws.com');
    // The authorizer's, which API Gateway calls without integration credentials.
    expect(apiPermissions).toHaveLength(1);
    expect(Object.keys(app).length).toBeLessThan(450);
  });
});
