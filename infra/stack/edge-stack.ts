import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/**
 * What CloudFront needs from us-east-1: the WAF web ACL in front of the web app (a CLOUDFRONT-scope
 * ACL can only be made there). AWS managed rules for common exploits, known bad inputs and IP
 * reputation, and a rate limit per client address. The HTTP API cannot carry a WAF ACL (API Gateway
 * associates ACLs with REST APIs only); its own throttles stand in.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps & { stage: string }) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (name: string, priority: number) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const acl = new CfnWebACL(this, 'WebAcl', {
      name: `warmth-${props.stage}-web`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`warmth-${props.stage}-web`),
      rules: [
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managed('AWSManagedRulesAmazonIpReputationList', 3),
        // 1,000 requests in 5 minutes from one address is far beyond a person using the app.
        { name: 'RatePerAddress', priority: 4, action: { block: {} }, statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } }, visibilityConfig: visibility('RatePerAddress') },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
