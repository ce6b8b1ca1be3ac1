import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'vite';
import { expect } from 'vitest';
import { repoRoot } from '../../infra/stack/paths.ts';

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}
export type Resources = Record<string, CfnResource>;

/**
 * A fresh App writing to its own temporary folder, with HOME pointed elsewhere too (aws-cdk-lib
 * writes a cache under ~/.cdk). `bundle: false` skips esbuild, for tests about configuration.
 */
export function testApp(context: Record<string, unknown> = {}, { bundle = true } = {}): App {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'cdk-home-'));
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')), context: { ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
}

export const ofType = (resources: Resources, type: string): [string, CfnResource][] => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The only resource of a type, as `[logicalId, resource]`. */
export function one(resources: Resources, type: string): [string, CfnResource] {
  const found = ofType(resources, type);
  expect(found.map(([id]) => id), type).toHaveLength(1);
  return found[0] as [string, CfnResource];
}

/** Settings the app would otherwise take from this process's environment. */
export function clearSettings(): void {
  for (const name of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION']) delete process.env[name];
}

/**
 * The web app built into a folder of this test's own: web/dist is rebuilt (emptied first) by every
 * test run's global setup, so a synth reading it could race another run.
 */
export async function buildWeb(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
  await build({ configFile: join(repoRoot, 'web', 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** A CloudFormation value as readable text: `{Ref: X}` → `<X>`, GetAtt → `<X.Attr>`, Join joined. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, any>;
  if ('Ref' in intrinsic) return `<${intrinsic.Ref}>`;
  if ('Fn::GetAtt' in intrinsic) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  if ('Fn::ImportValue' in intrinsic) return `<import ${render(intrinsic['Fn::ImportValue'])}>`;
  if ('Fn::Join' in intrinsic) return (intrinsic['Fn::Join'][1] as unknown[]).map(render).join(intrinsic['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** A role's IAM statements: its inline policies' (the functions') and those of policy resources attached to it. */
export function roleStatements<S = Record<string, any>>(resources: Resources, roleId: string): S[] {
  const attached = ofType(resources, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => render(role) === `<${roleId}>`))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as S[]);
  const inline = ((resources[roleId]?.Properties.Policies ?? []) as { PolicyDocument: { Statement: S[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** Every IAM statement of the stack, inline in roles or in policy resources. */
export function allStatements<S = Record<string, any>>(resources: Resources): S[] {
  return ofType(resources, 'AWS::IAM::Role').flatMap(([roleId]) => roleStatements<S>(resources, roleId));
}
