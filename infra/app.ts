import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, CrossStackReferences, ReferenceStrength, Validations } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { repoRoot } from './stack/paths.ts';
import { StatefulStack } from './stack/stateful-stack.ts';
import { StatelessStack } from './stack/stateless-stack.ts';

/** The built web app that the stack deploys; `npm run synth` and `npm run deploy` build it first. */
const webDist = join(repoRoot, 'web', 'dist');

/**
 * The CDK app (cdk.json): `npm run synth` works offline with no account; `npm run deploy` deploys
 * both stacks. Settings come from context (`-c NAME=value`) or else the environment:
 * - OIDC_ISSUER and OIDC_AUDIENCE: use that OIDC provider instead of the stack's Cognito user pool;
 * - BATCH_SIGN_OFFS (default 2): how many distinct finance users sign a payment batch off —
 *   2 (preparer, releaser) or 3 (preparer, reviewer, releaser);
 * - SMS_SENDER_ID (optional): the sender id SMS go out under, where the destination supports one;
 *   the SMS sender function publishes through Amazon SNS (and is the only one allowed to);
 * - CALLBACK_SAMPLE_SIZE (default 10, 1 to 50): how many paid applications finance draws for
 *   call-back verification at a time;
 * - TABLE_NAME (default `warmth`): the table's name. (Two deployments in one account and region
 *   would also need other stack names and state machine names: `stateMachineName` is fixed.)
 * Stacks are environment-agnostic unless CDK_DEFAULT_ACCOUNT is set (the CLI sets it when it has
 * credentials). `webAssets` is another build of the web app (tests build their own).
 */
export function buildApp(app = new App(), { webAssets = webDist }: { webAssets?: string } = {}): { app: App; stateful: StatefulStack; stateless: StatelessStack } {
  const setting = (name: string): string | undefined => (app.node.tryGetContext(name) as string | undefined) ?? process.env[name];
  const issuer = setting('OIDC_ISSUER');
  const audience = setting('OIDC_AUDIENCE');
  if (Boolean(issuer) !== Boolean(audience)) throw new Error('Set both OIDC_ISSUER and OIDC_AUDIENCE to use another OIDC provider, or neither for the Cognito user pool.');
  // No fake assets: without a build there is nothing honest to deploy.
  if (!existsSync(join(webAssets, 'index.html'))) {
    throw new Error(`${join(webAssets, 'index.html')} is missing: run \`npm run build:web\` first (npm run synth and npm run deploy do it for you).`);
  }
  const env = process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined;
  const tableName = setting('TABLE_NAME') ?? 'warmth';
  const signOffs = setting('BATCH_SIGN_OFFS') ?? '2';
  if (signOffs !== '2' && signOffs !== '3') throw new Error(`BATCH_SIGN_OFFS must be 2 or 3 (distinct finance users who sign a payment batch off), not ${signOffs}.`);
  const sampleSize = Number(setting('CALLBACK_SAMPLE_SIZE') ?? '10');
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 50) throw new Error(`CALLBACK_SAMPLE_SIZE must be a whole number from 1 to 50 (paid applications drawn for call-backs at a time), not ${setting('CALLBACK_SAMPLE_SIZE')}.`);

  // The app stack imports the identities and the secret: CloudFormation exports, which keep the data
  // stack from being deleted under a running API. Those resources are retained and never replaced.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  // The web app's origin(s), which PUT photos to the documents bucket: CORS allows only these.
  const webOrigins = (setting('WEB_ORIGINS') ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  const stateful = new StatefulStack(app, 'WarmthData', { env, tableName, webOrigins: webOrigins.length ? webOrigins : ['*'], ...(issuer && audience ? { oidc: { issuer, audience } } : {}) });
  const stateless = new StatelessStack(app, 'WarmthApp', {
    env,
    // By name rather than by reference: a reference would export the table from the data stack,
    // and an export cannot change while another stack imports it.
    table: TableV2.fromTableName(stateful, 'TableByName', tableName),
    identity: stateful.identity,
    idHashKey: stateful.idHashKey,
    webAssets,
    batchSignOffs: Number(signOffs) as 2 | 3,
    tableName,
    ...(setting('SMS_SENDER_ID') ? { smsSenderId: setting('SMS_SENDER_ID') } : {}),
    callBackSampleSize: sampleSize,
  });
  // With the table named rather than referenced, nothing else would order the two deployments.
  stateless.addStackDependency(stateful, 'the functions use the table');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
