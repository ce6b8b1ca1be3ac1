import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { repoRoot } from './paths.ts';

/**
 * Every warmth function: one bundled handler with the project's defaults set once. Access is
 * granted per function through the bind methods, which set the environment and the IAM grant
 * together.
 */
export class WarmthFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, handler: HandlerRef, environment: Record<string, string>) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
    super(scope, id, {
      entry: join(repoRoot, handler.file),
      handler: handler.export,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'warmth', ...environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        sourceMap: true,
        minify: true,
        // The runtime ships SDK v3; ESM bundles still meet CommonJS dependencies that call require.
        externalModules: ['@aws-sdk/*'],
        banner: "import { createRequire as warmthRequire } from 'node:module'; const require = warmthRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
  }

  bindTable(table: ITable, access: 'read' | 'readWrite'): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    return this;
  }

  /**
   * Answer workflow callbacks and, for API handlers, start, describe and stop executions. ARNs are
   * built from the state machines' names, not taken from the resources: the state machines refer
   * to the step functions, so a reference back would be a cycle.
   */
  bindWorkflows(stateMachineNames: Record<string, string>, can: { start: boolean }): this {
    const arnOf = (name: string) => WarmthFunction.stateMachineArn(this, name);
    this.addEnvironment('WORKFLOW_ARNS', Stack.of(this).toJsonString(Object.fromEntries(Object.entries(stateMachineNames).map(([program, name]) => [program, arnOf(name)]))));
    const machines = Object.values(stateMachineNames).map(arnOf);
    const executions = Object.values(stateMachineNames).map((name) =>
      Stack.of(this).formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    this.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: machines }));
    if (can.start) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machines }));
      this.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: executions }));
    }
    return this;
  }

  static stateMachineArn(scope: Construct, name: string): string {
    return Stack.of(scope).formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}
