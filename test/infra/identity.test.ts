import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import { buildApp } from '../../infra/app.ts';
import { loadStageConfig } from '../../infra/config.ts';
import { staffGroups, workerGroups } from '../../infra/stack/stateful-stack.ts';
import { buildWeb, clearSettings, ofType, one, render, roleStatements, testApp, type CfnResource, type Resources } from './synth.ts';

const getAttId = (value: unknown): string | undefined => (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];

/** Staff (officials, finance, admins) release money and read full account numbers: MFA is required for them, not for workers. */
describe('who signs in where, and with what second factor', () => {
  let webAssets: string;
  const synth = (stage: string): CloudAssembly => buildApp(testApp({}, { bundle: false }), { webAssets, config: loadStageConfig(stage) }).app.synth();
  let dev: { data: Resources; app: Resources; assembly: CloudAssembly };

  beforeAll(async () => {
    clearSettings();
    webAssets = await buildWeb();
    const assembly = synth('dev');
    dev = { assembly, data: assembly.getStackByName('Warmth-dev-Data').template.Resources as Resources, app: assembly.getStackByName('Warmth-dev-App').template.Resources as Resources };
  }, 120_000);

  const pools = () => ofType(dev.data, 'AWS::Cognito::UserPool');
  const groupsOf = (poolId: string) =>
    ofType(dev.data, 'AWS::Cognito::UserPoolGroup')
      .filter(([, group]) => render(group.Properties.UserPoolId) === `<${poolId}>`)
      .map(([, group]) => group.Properties.GroupName as string)
      .sort();
  const poolWithGroup = (group: string) => pools().find(([id]) => groupsOf(id).includes(group)) as [string, CfnResource];

  it('requires MFA by authenticator app (TOTP, no SMS) in the staff pool, which alone holds the official, finance and admin groups', () => {
    expect(pools()).toHaveLength(2);
    const [staffId, staff] = poolWithGroup('official');
    expect(groupsOf(staffId)).toEqual([...staffGroups].sort());
    expect(staff.Properties.MfaConfiguration).toBe('ON');
    expect(staff.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('leaves the workers’ pool as it was: MFA off, the worker group only', () => {
    const [workersId, workers] = poolWithGroup('worker');
    expect(groupsOf(workersId)).toEqual([...workerGroups]);
    expect(workers.Properties.MfaConfiguration).toBe('OFF');
  });

  it('offers staff Cognito’s hosted sign-in page, where the first sign-in sets up the authenticator, back to the web app only by the code flow', () => {
    const [staffId] = poolWithGroup('official');
    const [, domain] = one(dev.data, 'AWS::Cognito::UserPoolDomain');
    expect(render(domain.Properties.UserPoolId)).toBe(`<${staffId}>`);
    const [, client] = ofType(dev.data, 'AWS::Cognito::UserPoolClient').find(([, candidate]) => render(candidate.Properties.UserPoolId) === `<${staffId}>`) as [string, CfnResource];
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.GenerateSecret).toBe(false);
  });

  it('puts a Lambda authorizer trusting exactly the two pools, each with its own groups, on every route but the public ones', () => {
    const [authorizerId, authorizer] = one(dev.app, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
    expect(authorizer.Properties.EnableSimpleResponses).toBe(true);
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    for (const route of routes) {
      const [, found] = ofType(dev.app, 'AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties.RouteKey === `${route.method} ${route.path}`) as [string, CfnResource];
      if (route.public) expect(found.Properties.AuthorizationType, route.path).toBe('NONE');
      else expect([found.Properties.AuthorizationType, render(found.Properties.AuthorizerId)], route.path).toEqual(['CUSTOM', `<${authorizerId}>`]);
    }
    const [functionId, fn] = ofType(dev.app, 'AWS::Lambda::Function').find(([, candidate]) => candidate.Properties.FunctionName === 'warmth-dev-ApiTokenAuthorizer') as [string, CfnResource];
    expect(render(authorizer.Properties.AuthorizerUri)).toContain(`<${functionId}.Arn>`);
    const trusted = render(fn.Properties.Environment.Variables.TRUSTED_ISSUERS);
    expect(trusted).toContain(`"groups":${JSON.stringify(workerGroups)}`);
    expect(trusted).toContain(`"groups":${JSON.stringify(staffGroups)}`);
    // Verifying a token needs the pools' public keys only: no AWS rights beyond tracing.
    const actions = roleStatements(dev.app, getAttId(fn.Properties.Role) as string).flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => !String(action).startsWith('xray:'))).toEqual([]);
  });

  it('passes cdk-nag with the staff pool’s MFA finding gone and the workers’ acknowledged', () => {
    const report = JSON.parse(readFileSync(join(dev.assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: { conclusion: string; violations: unknown[] }[] };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('keeps the JWT authorizer of the external OIDC issuer where the stage has one (China), with no user pool: MFA is that issuer’s duty', () => {
    const assembly = synth('cnprod');
    const data = assembly.getStackByName('Warmth-cnprod-Data').template.Resources as Resources;
    const app = assembly.getStackByName('Warmth-cnprod-App').template.Resources as Resources;
    expect(ofType(data, 'AWS::Cognito::UserPool')).toEqual([]);
    const [, authorizer] = one(app, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.JwtConfiguration.Issuer).toBe(loadStageConfig('cnprod').identity.kind === 'oidc' ? (loadStageConfig('cnprod').identity as { issuer: string }).issuer : '');
  }, 120_000);
});
