import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, CrossStackReferences, ReferenceStrength, Validations } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, stageNames, type StageConfig } from './config.ts';
import { repoRoot } from './stack/paths.ts';
import { EdgeStack } from './stack/edge-stack.ts';
import { MonitoringStack } from './stack/monitoring-stack.ts';
import { StatefulStack } from './stack/stateful-stack.ts';
import { StatelessStack } from './stack/stateless-stack.ts';

/** The built web app that the stack deploys; `npm run synth` and `npm run deploy` build it first. */
const webDist = join(repoRoot, 'web', 'dist');

/**
 * The CDK app (cdk.json): `npm run synth` works offline with no account; `npm run deploy` deploys
 * a stage's stacks. The stage is `-c stage=NAME` (default dev): its settings are
 * infra/stages/NAME.json, checked by infra/config.ts. Stacks are named Warmth-<stage>-Data, -App and
 * -Monitoring, so stages deploy side by side. `config` replaces the file (tests), `webAssets` is
 * another build of the web app (tests build their own).
 */
export function buildApp(
  app = new App(),
  { webAssets = webDist, config }: { webAssets?: string; config?: StageConfig } = {},
): { app: App; config: StageConfig; stateful: StatefulStack; stateless: StatelessStack; monitoring: MonitoringStack } {
  const stage = config ?? loadStageConfig((app.node.tryGetContext('stage') as string | undefined) ?? 'dev');
  // No fake assets: without a build there is nothing honest to deploy.
  if (!existsSync(join(webAssets, 'index.html'))) {
    throw new Error(`${join(webAssets, 'index.html')} is missing: run \`npm run build:web\` first (npm run synth and npm run deploy do it for you).`);
  }
  const account = stage.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const env = { region: stage.region, ...(account ? { account } : {}) };
  const names = stageNames(stage.stage);

  // The app stack imports the identities and the secret: CloudFormation exports, which keep the data
  // stack from being deleted under a running API. Those resources are retained and never replaced.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const stateful = new StatefulStack(app, names.dataStack, { env, config: stage, tableName: names.table });
  if (stage.waf && !stage.account) throw new Error(`stage ${stage.stage}: waf needs the account set (the web ACL is made in us-east-1 and read across regions)`);
  const edge = stage.waf ? new EdgeStack(app, names.edgeStack, { env: { account: env.account, region: 'us-east-1' }, stage: stage.stage, crossRegionReferences: true }) : undefined;
  const stateless = new StatelessStack(app, names.appStack, {
    env,
    ...(edge ? { webAclArn: edge.webAclArn, crossRegionReferences: true } : {}),
    config: stage,
    // By name rather than by reference: a reference would export the table from the data stack,
    // and an export cannot change while another stack imports it.
    table: TableV2.fromTableName(stateful, 'TableByName', names.table),
    identity: stateful.identity,
    idHashKey: stateful.idHashKey,
    logKey: stateful.logKey,
    fieldKey: stateful.fieldKey,
    webAssets,
  });
  // With the table named rather than referenced, nothing else would order the two deployments.
  stateless.addStackDependency(stateful, 'the functions use the table');
  if (edge) stateless.addStackDependency(edge, 'CloudFront uses the web ACL');
  const monitoring = new MonitoringStack(app, names.monitoringStack, {
    env,
    stage: stage.stage,
    alarmEmail: stage.alarmEmail,
    functionNames: new Map([...[...stateless.functions].map(([handler, fn]) => [handler, fn.literalName] as const), ...(stateless.tokenAuthorizer ? [['functions/api/authorizer.ts#handler', stateless.tokenAuthorizer.literalName] as const] : [])]),
    errorsAreAnswers: new Set(['functions/api/authorizer.ts#handler']),
    stateMachineNames: stateless.stateMachineNames,
    tableName: names.table,
    apiId: stateless.api.apiId,
  });
  monitoring.addStackDependency(stateless, 'the alarms watch the functions, state machines and API');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config: stage, stateful, stateless, monitoring };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
