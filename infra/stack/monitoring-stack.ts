import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TextWidget, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { businessMetrics, metricsNamespace } from '../../functions/shared/metrics-names.ts';
import { workflowPrograms, type WorkflowProgram } from '../../workflows/index.ts';
import { apiThrottledMetric } from './http-api.ts';

export interface MonitoringStackProps extends StackProps {
  stage: string;
  alarmEmail?: string;
  /** Handler `file#export` → the function's name. */
  functionNames: ReadonlyMap<string, string>;
  /**
   * Functions whose Errors metric counts answers, not faults: the API's Lambda authorizer refuses
   * a bad token by failing with `Unauthorized` (API Gateway's way to a 401). Their throttles and
   * duration are alarmed; their real faults reach callers as 500s (api-5xx).
   */
  errorsAreAnswers?: ReadonlySet<string>;
  stateMachineNames: Record<WorkflowProgram, string>;
  tableName: string;
  apiId: string;
}

const FIVE_MINUTES = Duration.minutes(5);
/** The DynamoDB operations the functions make (their grants'); SystemErrors are per operation. */
const tableOperations = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];

/**
 * The alarms of README's runbook, each to one SNS topic (e-mailed where the stage names an
 * address), and a dashboard of the same figures. Everything is named from the stage, so this stack
 * takes no reference to the app stack's resources but the API's id.
 */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const topicKey = new Key(this, 'TopicKey', { description: `warmth ${props.stage}: the alarm topic`, enableKeyRotation: true });
    // CloudWatch publishes the alarms: it must use the topic's key.
    topicKey.addToResourcePolicy(new PolicyStatement({ principals: [new ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'] }));
    this.topic = new Topic(this, 'Alarms', { topicName: `warmth-${props.stage}-alarms`, masterKey: topicKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, metric: IMetric, threshold = 1, evaluationPeriods = 1) => {
      const made = new Alarm(this, alarmId, {
        alarmName: `warmth-${props.stage}-${alarmId}`,
        alarmDescription: `${description} See README, "Runbook".`,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      made.addAlarmAction(action);
      this.alarms.push(made);
      return made;
    };

    const workflowMetric = (program: WorkflowProgram, metricName: string) =>
      new Metric({ namespace: 'AWS/States', metricName, dimensionsMap: { StateMachineArn: this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: props.stateMachineNames[program], arnFormat: ArnFormat.COLON_RESOURCE_NAME }) }, statistic: 'Sum', period: FIVE_MINUTES });
    for (const program of workflowPrograms) {
      alarm(`${program}-executions-failed`, `Executions of the ${program} workflow failed (each also moved its application to NEEDS_ATTENTION).`, workflowMetric(program, 'ExecutionsFailed'));
      alarm(`${program}-executions-timed-out`, `Executions of the ${program} workflow timed out.`, workflowMetric(program, 'ExecutionsTimedOut'));
      alarm(`${program}-executions-aborted`, `Executions of the ${program} workflow were stopped other than by a withdrawal.`, workflowMetric(program, 'ExecutionsAborted'));
    }

    const business = (metricName: string, program?: string) =>
      new Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { service: 'warmth', stage: props.stage, ...(program ? { program } : {}) }, statistic: 'Sum', period: FIVE_MINUTES });
    const perProgram = (metricName: string) => new MathExpression({ expression: workflowPrograms.map((_, index) => `m${index}`).join(' + '), usingMetrics: Object.fromEntries(workflowPrograms.map((program, index) => [`m${index}`, business(metricName, program)])), period: FIVE_MINUTES, label: metricName });
    alarm('needs-attention', 'Applications were moved to NEEDS_ATTENTION: a step could not go on after its retries.', perProgram(businessMetrics.needsAttention));
    alarm('approvals-overdue', 'Approvals passed their deadline without a decision (the workflow reminded and escalated).', perProgram(businessMetrics.approvalsOverdue));

    const api = (metricName: string) => new Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiId: props.apiId }, statistic: 'Sum', period: FIVE_MINUTES });
    alarm('api-5xx', 'The API answered 5xx: a function failed, timed out, or a dependency is down (503).', api('5xx'), 5);
    const throttled = new Metric({ ...apiThrottledMetric(props.stage), statistic: 'Sum', period: FIVE_MINUTES });
    alarm('api-throttled', 'The API refused requests with 429 (its throttles, per route for writes).', throttled, 20);

    const lambdaWidgets: GraphWidget[] = [];
    for (const [handler, functionName] of [...props.functionNames].sort(([a], [b]) => a.localeCompare(b))) {
      const lambda = (metricName: string, statistic = 'Sum') => new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: functionName }, statistic, period: FIVE_MINUTES });
      const short = functionName.replace(`warmth-${props.stage}-`, '');
      if (!props.errorsAreAnswers?.has(handler)) alarm(`${short}-errors`, `${handler} failed (an uncaught error; API errors to callers are not counted).`, lambda('Errors'), 1);
      alarm(`${short}-throttles`, `${handler} was throttled: the account's concurrency is used up.`, lambda('Throttles'), 1);
      // 29 s is the timeout: three periods of a p99 above 10 s is a function near it.
      alarm(`${short}-duration-p99`, `${handler}: p99 duration above 10 s for 15 minutes (the timeout is 29 s).`, lambda('Duration', 'p99'), 10_000, 3);
      lambdaWidgets.push(new GraphWidget({ title: short, left: [lambda('Errors'), lambda('Throttles')], right: [lambda('Duration', 'p99')], width: 6 }));
    }

    const table = (metricName: string, dimensions: Record<string, string> = {}) => new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: props.tableName, ...dimensions }, statistic: 'Sum', period: FIVE_MINUTES });
    const sumOf = (label: string, prefix: string, metrics: Metric[]) => new MathExpression({ expression: metrics.map((_, index) => `${prefix}${index}`).join(' + '), usingMetrics: Object.fromEntries(metrics.map((metric, index) => [`${prefix}${index}`, metric])), period: FIVE_MINUTES, label });
    const throttles = sumOf('throttle events', 'throttle', [table('ReadThrottleEvents'), table('WriteThrottleEvents')]);
    const systemErrors = sumOf('system errors', 'error', tableOperations.map((operation) => table('SystemErrors', { Operation: operation })));
    alarm('table-throttles', 'DynamoDB throttled requests to the table (on demand: a sudden multiple of the usual traffic, or a hot key).', throttles, 1);
    alarm('table-system-errors', 'DynamoDB answered with internal errors (the SDK retries them; many means an AWS incident).', systemErrors, 5);

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `warmth-${props.stage}` });
    dashboard.addWidgets(new TextWidget({ markdown: `# warmth ${props.stage}\nEvery alarm of this dashboard is in README, "Runbook".`, width: 24, height: 2 }));
    dashboard.addWidgets(
      ...workflowPrograms.map((program) => new GraphWidget({ title: `${program} executions`, left: ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map((name) => workflowMetric(program, name)), width: 8 })),
    );
    dashboard.addWidgets(
      ...workflowPrograms.map((program) => new GraphWidget({ title: `${program}: applications`, left: Object.values(businessMetrics).map((name) => business(name, program)), width: 8 })),
    );
    dashboard.addWidgets(new GraphWidget({ title: 'API', left: [api('Count'), api('4xx'), api('5xx'), throttled], right: [new Metric({ namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensionsMap: { ApiId: props.apiId }, statistic: 'p99', period: FIVE_MINUTES })], width: 12 }), new GraphWidget({ title: 'Table', left: [throttles, systemErrors], width: 12 }));
    dashboard.addWidgets(...lambdaWidgets);
  }
}
