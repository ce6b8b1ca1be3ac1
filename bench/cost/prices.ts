/**
 * Public on-demand list prices, us-east-1 (N. Virginia), in US dollars, as the services' pricing
 * pages state them (read 2026-12-02; this machine has no network, so they were not re-read from
 * here: check them before quoting). Free tiers are left out: an account shared with other work
 * has used them. cn-north-1 (Beijing) is priced in yuan on amazonaws.cn, by Sinnet, and differs
 * service by service; put its figures here to price a China stage.
 */
export interface Prices {
  region: string;
  /** When the figures below were read from their pages. */
  readOn: string;
  stepFunctionsPerTransition: number;
  lambdaPerRequest: number;
  /** Arm64 (Graviton), per GB-second. */
  lambdaPerGbSecond: number;
  httpApiPerRequest: number;
  /** On-demand, per write request unit and per read request unit. */
  dynamoPerWriteUnit: number;
  dynamoPerReadUnit: number;
  dynamoPerGbMonth: number;
  pitrPerGbMonth: number;
  logsIngestPerGb: number;
  logsStorePerGbMonth: number;
  s3PerPut: number;
  s3PerGet: number;
  s3PerGbMonth: number;
  xrayPerTraceRecorded: number;
  alarmPerMonth: number;
  dashboardPerMonth: number;
  kmsKeyPerMonth: number;
  secretPerMonth: number;
  customMetricPerMonth: number;
  sources: { service: string; url: string; figures: string }[];
}

export const usEast1: Prices = {
  region: 'us-east-1',
  readOn: '2026-12-02',
  stepFunctionsPerTransition: 0.025 / 1_000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecond: 0.0000133334,
  httpApiPerRequest: 1.0 / 1_000_000,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  dynamoPerGbMonth: 0.25,
  pitrPerGbMonth: 0.2,
  logsIngestPerGb: 0.5,
  logsStorePerGbMonth: 0.03,
  s3PerPut: 0.005 / 1_000,
  s3PerGet: 0.0004 / 1_000,
  s3PerGbMonth: 0.023,
  xrayPerTraceRecorded: 5 / 1_000_000,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3,
  kmsKeyPerMonth: 1,
  secretPerMonth: 0.4,
  customMetricPerMonth: 0.3,
  sources: [
    { service: 'AWS Step Functions (Standard)', url: 'https://aws.amazon.com/step-functions/pricing/', figures: '$0.025 per 1,000 state transitions' },
    { service: 'AWS Lambda (Arm)', url: 'https://aws.amazon.com/lambda/pricing/', figures: '$0.20 per 1M requests; $0.0000133334 per GB-second' },
    { service: 'Amazon API Gateway (HTTP API)', url: 'https://aws.amazon.com/api-gateway/pricing/', figures: '$1.00 per million requests (first 300 million)' },
    { service: 'Amazon DynamoDB (on-demand, Standard table class)', url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/', figures: '$0.625 per million write request units; $0.125 per million read request units; $0.25 per GB-month stored; PITR $0.20 per GB-month' },
    { service: 'Amazon CloudWatch', url: 'https://aws.amazon.com/cloudwatch/pricing/', figures: 'logs $0.50 per GB ingested, $0.03 per GB-month stored; $0.10 per standard alarm metric; $3 per dashboard; $0.30 per custom metric (first 10,000)' },
    { service: 'Amazon S3 (Standard)', url: 'https://aws.amazon.com/s3/pricing/', figures: '$0.005 per 1,000 PUT; $0.0004 per 1,000 GET; $0.023 per GB-month' },
    { service: 'AWS X-Ray', url: 'https://aws.amazon.com/xray/pricing/', figures: '$5.00 per million traces recorded' },
    { service: 'AWS KMS', url: 'https://aws.amazon.com/kms/pricing/', figures: '$1 per customer-managed key per month' },
    { service: 'AWS Secrets Manager', url: 'https://aws.amazon.com/secrets-manager/pricing/', figures: '$0.40 per secret per month' },
  ],
};
