import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stack/stateful-stack.ts';
import { StatelessStack } from './stack/stateless-stack.ts';
import { repoRoot } from './stack/paths.ts';

/**
 * The CDK app: `npm run synth` (offline, no account) and `npm run deploy`. Configuration, from
 * context (-c name=value) or the environment: OIDC_ISSUER and OIDC_AUDIENCE to use another OIDC
 * provider instead of the stack's Cognito user pool; TABLE_NAME (default warmth) to run two
 * deployments in one account and region.
 */
export function buildApp(app = new App()): { app: App; stateful: StatefulStack; stateless: StatelessStack } {
  const setting = (name: string): string | undefined => (app.node.tryGetContext(name) as string | undefined) ?? process.env[name];
  const issuer = setting('OIDC_ISSUER');
  const audience = setting('OIDC_AUDIENCE');
  const env = process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined;
  const tableName = setting('TABLE_NAME') ?? 'warmth';
  const stateful = new StatefulStack(app, 'WarmthData', { env, tableName, ...(issuer && audience ? { oidc: { issuer, audience } } : {}) });
  const webDist = join(repoRoot, 'web', 'dist');
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` first (npm run synth and npm run deploy do it for you).');
  }
  const stateless = new StatelessStack(app, 'WarmthApp', { env, table: TableV2.fromTableName(stateful, 'TableByName', tableName), identity: stateful.identity, idHashKey: stateful.idHashKey, webAssets: webDist });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
