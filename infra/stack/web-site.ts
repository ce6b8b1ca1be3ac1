import { Duration, Lazy, RemovalPolicy, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { CfnDistribution, Distribution, HeadersFrameOption, HeadersReferrerPolicy, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WarmthFunction } from './warmth-function.ts';

/** What the web app reads from /config.json on AWS (web/src/api.ts); locally it has no such file and calls its own origin. */
export interface WebConfig {
  apiUrl: string;
  issuer: string;
  clientId: string;
  /** The staff user pool (officials, finance, admins sign in there, with MFA), when the stage has Cognito. */
  staffIssuer?: string;
  staffClientId?: string;
  region: string;
}

export interface WebSiteOptions {
  /** The site's own domain and its certificate (ACM in us-east-1; in China an IAM server certificate). */
  customDomain?: { domainName: string; certificateArn?: string; iamCertificateId?: string };
  /** CloudFront's standard access logs, into a bucket of their own. */
  accessLogs: boolean;
  /** A WAF web ACL (CLOUDFRONT scope, made in us-east-1) in front of the site. */
  webAclArn?: string;
  logRetentionDays: number;
  /** In an AWS China region. */
  china: boolean;
}

/**
 * The built web app in a private bucket behind CloudFront (origin access control). Made in two
 * steps because the API needs this origin for CORS and the web app needs the API's URL:
 * construct the site, build the API, then `deploy` the assets with the config.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  /** Origins the web app calls besides its own (the API, the identity provider): set before synthesis, read by the CSP. */
  private readonly connectOrigins: string[] = [];
  private readonly imageOrigins: string[] = [];
  private readonly domainName?: string;

  constructor(scope: Construct, id: string, options: WebSiteOptions) {
    super(scope, id);
    this.domainName = options.customDomain?.domainName;
    // Nothing here outlives a deployment: every deploy uploads the whole build again.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Only CloudFront reads this bucket of built assets; its requests are in the distribution\'s access logs where the stage turns them on (accessLogs).' });
    // The token sits in sessionStorage: no script but the app's own may run, nothing may frame it.
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: Lazy.string({
            produce: () =>
              [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                `img-src 'self' data: ${this.imageOrigins.join(' ')}`.trim(),
                `connect-src 'self' ${this.connectOrigins.join(' ')}`.trim(),
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
              ].join('; '),
          }),
        },
        strictTransportSecurity: { override: true, accessControlMaxAge: Duration.days(365), includeSubdomains: true },
        contentTypeOptions: { override: true },
        frameOptions: { override: true, frameOption: HeadersFrameOption.DENY },
        referrerPolicy: { override: true, referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN },
      },
    });
    const logBucket = options.accessLogs ? this.logBucket(options.logRetentionDays) : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      defaultBehavior: {
        // CloudFront in China has no origin access control yet: an origin access identity there.
        origin: options.china ? S3BucketOrigin.withOriginAccessIdentity(this.bucket) : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      defaultRootObject: 'index.html',
      // A single-page app: any unknown path (403 from S3 without ListBucket, or 404) is the app itself.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) })),
      ...(options.customDomain?.certificateArn
        ? {
            domainNames: [options.customDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', options.customDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(logBucket ? { enableLogging: true, logBucket, logFilePrefix: 'cloudfront/' } : {}),
      ...(options.webAclArn ? { webAclId: options.webAclArn } : {}),
    });
    if (options.customDomain?.iamCertificateId) {
      // China: an IAM server certificate, which the Distribution construct does not take.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [options.customDomain.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', { IamCertificateId: options.customDomain.iamCertificateId, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
      Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions::AwsSolutions-CFR4', reason: 'The viewer certificate is set by the property override above (the IAM server certificate, TLSv1.2_2021 minimum), which the rule does not read.' });
    }
    const acknowledge = (ruleId: string, reason: string) => Validations.of(this.distribution).acknowledge({ id: `AwsSolutions::AwsSolutions-${ruleId}`, reason });
    if (options.china) acknowledge('CFR7', 'CloudFront in the China regions offers no origin access control; an origin access identity keeps the bucket private there.');
    acknowledge('CFR1', 'Union members work in mainland China and abroad; no geo restriction.');
    if (!options.webAclArn) acknowledge('CFR2', 'This stage has no WAF (`waf: false` in infra/stages/<stage>.json): a static app with no server side, whose API is a separate origin.');
    if (!logBucket) acknowledge('CFR3', 'This stage keeps no CloudFront access logs (`accessLogs: false` in infra/stages/<stage>.json).');
    if (!options.customDomain) acknowledge('CFR4', 'This stage has no custom domain (`customDomain` in infra/stages/<stage>.json), so CloudFront serves its default certificate, whose TLS policy cannot be set.');
  }

  /** Origins the web app's CSP lets it call. */
  allowConnections(...origins: string[]): void {
    this.connectOrigins.push(...origins);
  }

  /** Origins the web app shows images from (img-src), beside its own. */
  allowImages(...origins: string[]): void {
    this.imageOrigins.push(...origins);
  }

  /** CloudFront writes standard logs with ACLs: the bucket must let the owner take the objects. */
  private logBucket(retentionDays: number): Bucket {
    const bucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'The bucket of the access logs themselves; logging its own access would recurse.' });
    return bucket;
  }

  get url(): string {
    return `https://${this.domainName ?? this.distribution.distributionDomainName}`;
  }

  /** Upload the build in `assetsDir` with `config.json` beside it, and invalidate CloudFront's copies. */
  deploy(assetsDir: string, config: WebConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      // Source maps stay out of the public bucket: they would publish the source of the app.
      sources: [Source.asset(assetsDir, { exclude: ['**/*.map'] }), Source.jsonData('config.json', config)],
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
