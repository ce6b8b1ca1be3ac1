import { Duration, RemovalPolicy, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import { Distribution, ResponseHeadersPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WarmthFunction } from './warmth-function.ts';

/** What the web app reads from /config.json on AWS (web/src/api.ts); locally it has no such file and calls its own origin. */
export interface WebConfig {
  apiUrl: string;
  issuer: string;
  clientId: string;
  region: string;
}

/**
 * The built web app in a private bucket behind CloudFront (origin access control). Made in two
 * steps because the API needs this origin for CORS and the web app needs the API's URL:
 * construct the site, build the API, then `deploy` the assets with the config.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Nothing here outlives a deployment: every deploy uploads the whole build again.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Only CloudFront reads this bucket of built assets; access is seen in the distribution, whose logging each deployment may enable.' });
    this.distribution = new Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      defaultRootObject: 'index.html',
      // A single-page app: any unknown path (403 from S3 without ListBucket, or 404) is the app itself.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) })),
    });
    const acknowledge = (ruleId: string, reason: string) => Validations.of(this.distribution).acknowledge({ id: `AwsSolutions::AwsSolutions-${ruleId}`, reason });
    acknowledge('CFR1', 'Union members work in mainland China and abroad; no geo restriction.');
    acknowledge('CFR2', 'A static app with no server side; a WAF is an option each deployment may add.');
    acknowledge('CFR3', 'Access logging needs a log bucket that each union chooses.');
    acknowledge('CFR4', 'The default CloudFront certificate (and its TLS policy) is used until a custom domain is configured.');
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Upload the build in `assetsDir` with `config.json` beside it, and invalidate CloudFront's copies. */
  deploy(assetsDir: string, config: WebConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      sources: [Source.asset(assetsDir), Source.jsonData('config.json', config)],
    });
    // The CDK's copying function is a singleton of the stack, outside this construct; its role is
    // the way to it. Its findings are acknowledged there, each by name.
    const copier = deployment.handlerRole.node.scope as Construct;
    const stack = Stack.of(this);
    const findings = [
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map((action) => `IAM5[Action::s3:${action}]`),
      `IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnResource)}.Arn>/*]`,
      `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${WarmthFunction.nagParts(this).account}-${WarmthFunction.nagParts(this).region}/*]`,
      // cloudfront:CreateInvalidation and GetInvalidation, for the invalidation after each copy.
      'IAM5[Resource::*]',
      'L1',
    ];
    for (const finding of findings) {
      Validations.of(copier).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason: 'The CDK BucketDeployment function (its runtime and policy are the CDK\'s) copies the built web app from the CDK asset bucket into the web bucket and invalidates CloudFront.' });
    }
    return deployment;
  }
}
