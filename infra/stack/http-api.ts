import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpIntegrationType, HttpMethod, HttpRouteIntegration, IntegrationCredentials, LogGroupLogDestination, PayloadFormatVersion, type HttpRouteIntegrationBindOptions, type HttpRouteIntegrationConfig } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { metricsNamespace } from '../../functions/shared/metrics-names.ts';
import { Construct } from 'constructs';
import type { Route } from '../../functions/api/routes.ts';
import type { Identity } from './stateful-stack.ts';
import { WarmthFunction } from './warmth-function.ts';

/** A Lambda proxy integration (payload 2.0) that API Gateway calls with the given role, adding no permission to the function. */
class InvokedByRole extends HttpRouteIntegration {
  constructor(id: string, private readonly handler: IFunction, private readonly role: IRole) {
    super(id);
  }

  override bind(_options: HttpRouteIntegrationBindOptions): HttpRouteIntegrationConfig {
    return { type: HttpIntegrationType.AWS_PROXY, uri: this.handler.functionArn, payloadFormatVersion: PayloadFormatVersion.VERSION_2_0, credentials: IntegrationCredentials.fromRole(this.role) };
  }
}

export interface WarmthApiProps {
  routes: readonly Route[];
  /** The function that serves each route. */
  functionOf: (route: Route) => IFunction;
  identity: Identity;
  /**
   * The Lambda authorizer that trusts both user pools (functions/api/authorizer.ts), when the
   * stage has Cognito; without it, the JWT authorizer of the OIDC issuer.
   */
  tokenAuthorizer?: IFunction;
  /** The web app's origin, the only one CORS lets in (the API is on another host). */
  webOrigin: string;
  /** The API's name (it carries the stage). */
  name: string;
  stage: string;
  logRetentionDays: number;
}

/** Per-account defaults for the whole API; a single client cannot starve the others. */
const throttle = { rateLimit: 100, burstLimit: 200 };
/**
 * Each write route on its own, well under the whole API's: a burst of writes (a script posting
 * applications, a stuck client retrying a decision) is refused with 429 before it reaches the
 * function or the table, and leaves the reads and other writes their share.
 */
const writeThrottle = { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 };

/**
 * HTTP APIs publish no throttle metric: the 429s are counted from the access log, under this name.
 */
export const apiThrottledMetric = (stage: string) => ({ namespace: metricsNamespace, metricName: `ApiThrottled-${stage}` });

/** The HTTP API: one route per entry of the route table, each behind the authorizer unless it is public. */
export class WarmthApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: WarmthApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.name,
      // The default stage is made below, with throttling and access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowHeaders: ['authorization', 'content-type', 'accept-language', 'idempotency-key'],
        allowMethods: [...new Set(props.routes.map((route) => CorsHttpMethod[route.method])), CorsHttpMethod.OPTIONS],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetentionDays as RetentionDays });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who called which route and how it went; paths hold application ids, never ID or bank numbers.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            route: '$context.routeKey',
            status: '$context.status',
            length: '$context.responseLength',
            latency: '$context.integrationLatency',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    new MetricFilter(this, 'Throttled', { logGroup: accessLogs, filterPattern: FilterPattern.stringValue('$.status', '=', '429'), metricNamespace: metricsNamespace, metricName: apiThrottledMetric(props.stage).metricName, metricValue: '1' });
    const writes = props.routes.filter((route) => route.method !== 'GET');
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(writes.map((route) => [`${route.method} ${route.path}`, writeThrottle]));

    // An HTTP API's JWT authorizer trusts one issuer; the workers' and the staff pool are two.
    // Its answers are cached per token for five minutes (at most a token's remaining life).
    const authorizer = props.tokenAuthorizer
      ? new HttpLambdaAuthorizer('Tokens', props.tokenAuthorizer, { responseTypes: [HttpLambdaResponseType.SIMPLE], identitySource: ['$request.header.Authorization'], resultsCacheTtl: Duration.minutes(5) })
      : new HttpJwtAuthorizer('Jwt', props.identity.issuer, { jwtAudience: [props.identity.audience] });
    // API Gateway invokes the functions with one role of its own rather than a resource policy
    // statement per route on each function: those took 86 of the app stack's 500 resources and
    // the prod stack past the limit. The role may invoke the stage's functions (warmth-<stage>-*)
    // and nothing else; a route reaches only the function of its integration.
    const invoker = new Role(this, 'Invoker', { assumedBy: new ServicePrincipal('apigateway.amazonaws.com'), description: `warmth ${props.stage}: API Gateway invoking the stage's functions` });
    const stageFunctions = Stack.of(this).formatArn({ service: 'lambda', resource: 'function', resourceName: `warmth-${props.stage}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    invoker.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stageFunctions] }));
    Validations.of(invoker).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:${WarmthFunction.nagPlace(this)}:function:warmth-${props.stage}-*]`, reason: 'API Gateway invokes the functions of this stage (all named warmth-<stage>-…), one per route integration; a resource policy per route would take the stack past 500 resources.' });
    const integrations = new Map<IFunction, HttpRouteIntegration>();
    const integrationOf = (fn: IFunction, route: Route) => {
      let integration = integrations.get(fn);
      if (!integration) integrations.set(fn, (integration = new InvokedByRole(`${route.method}${route.path}`, fn, invoker)));
      return integration;
    };
    for (const route of props.routes) {
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationOf(props.functionOf(route), route),
        ...(route.public ? {} : { authorizer }),
      });
      // Route settings name routes that must exist first.
      for (const httpRoute of added) cfnStage.node.addDependency(httpRoute);
      if (route.public) {
        for (const httpRoute of added) {
          Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: `${route.method} ${route.path} is public by design (API.md); every other route has the authorizer.` });
        }
      }
    }
  }

  /** The base URL the web app calls, without a trailing slash. */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
