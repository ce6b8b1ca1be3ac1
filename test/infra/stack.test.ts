import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import { workflowPrograms, stateMachineName } from '../../workflows/index.ts';
import { buildApp } from '../../infra/app.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

describe('the CDK app, synthesized offline', () => {
  let app: Template;
  let data: Template;
  let resources: Resources;

  beforeAll(async () => {
    // aws-cdk-lib writes a cache under HOME; keep it out of the real one.
    process.env.HOME = mkdtempSync(join(tmpdir(), 'cdk-home-'));
    const built = buildApp(new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')) }));
    built.app.synth();
    app = Template.fromStack(built.stateless);
    data = Template.fromStack(built.stateful);
    resources = app.toJSON().Resources as Resources;
  }, 180_000);

  it('gives every route an integration, and the JWT authorizer to all but the public ones', () => {
    const apiRoutes = Object.values(resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route');
    for (const route of routes) {
      const found = apiRoutes.find((resource) => resource.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      expect(found?.Properties.Target).toBeDefined();
      if (route.public) expect(found?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(found?.Properties.AuthorizationType).toBe('JWT');
    }
    expect(routes.filter((route) => route.public).map((route) => route.path).sort()).toEqual(['/health', '/openapi.json']);
  });

  it('resolves every Task of every state machine to a function of the stack', () => {
    const machines = Object.values(resources).filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines.map((machine) => machine.Properties.StateMachineName).sort()).toEqual(workflowPrograms.map(stateMachineName).sort());
    const functionIds = new Set(Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function').map(([id]) => id));
    for (const machine of machines) {
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      const definition = machine.Properties.DefinitionString as string;
      const states = JSON.parse(definition).States as Record<string, { Type: string; Parameters?: { FunctionName?: string } }>;
      const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
      for (const [name, state] of Object.entries(states).filter(([, s]) => s.Type === 'Task')) {
        const placeholder = /^\$\{(\w+)\}$/.exec(state.Parameters?.FunctionName ?? '')?.[1];
        expect(placeholder, `${name} names its function by substitution`).toBeDefined();
        const target = substitutions[placeholder as string]?.['Fn::GetAtt']?.[0];
        expect(functionIds.has(target as string), `${name} → ${String(target)}`).toBe(true);
      }
    }
  });

  it('grants no IAM statement with a * resource for DynamoDB or Step Functions', () => {
    const policies = Object.values(resources).filter((resource) => resource.Type === 'AWS::IAM::Policy');
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
        const actions = [statement.Action].flat();
        if (!actions.some((action) => action.startsWith('dynamodb:') || action.startsWith('states:'))) continue;
        expect([statement.Resource].flat()).not.toContain('*');
      }
    }
  });

  it('keeps the table on demand, with point-in-time recovery and deletion protection', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }],
    });
  });

  it('serves the web app from a private bucket through CloudFront', () => {
    app.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    app.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });
});
