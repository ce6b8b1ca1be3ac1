import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { repoRoot } from './stack/paths.ts';
import { indexRollout, type IndexRolloutStep } from '../functions/store/table.ts';

/** The log retentions CloudWatch Logs accepts, in days. */
const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * One deployment (a stage) of warmth: everything synth and deploy take, in infra/stages/<stage>.json.
 * Several stages deploy side by side in one account: every name carries the stage.
 */
export const stageConfigSchema = z
  .object({
    /** Lower-case letters and digits: part of every stack, table, state machine, API and function name. */
    stage: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, 'a stage is 2–12 lower-case letters or digits, starting with a letter'),
    /** The AWS region, e.g. ap-east-1 or, in China, cn-north-1 / cn-northwest-1. */
    region: z.string().regex(/^(cn|us|eu|ap|sa|ca|me|af|il|mx)(-gov)?-[a-z]+-\d$/, 'an AWS region such as ap-east-1 or cn-north-1'),
    /** Optional: pins the stacks to an account (else the CLI's). */
    account: z.string().regex(/^\d{12}$/, 'a 12-digit account id').optional(),
    /**
     * Who signs users in: the stack's Cognito user pools (one for workers, one for staff with MFA
     * required), or any OIDC issuer (China regions have no Cognito user pools).
     */
    identity: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cognito') }),
      z.object({ kind: z.literal('oidc'), issuer: z.url({ protocol: /^https$/ }), audience: z.string().min(1) }),
    ]),
    /**
     * The web app's own domain: with an ACM certificate in us-east-1 (CloudFront's) outside China,
     * with the id of an IAM server certificate (uploaded under the path /cloudfront/) in China,
     * where CloudFront takes no ACM certificate.
     */
    customDomain: z
      .object({
        domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain name such as aid.example.org'),
        certificateArn: z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN in us-east-1').optional(),
        iamCertificateId: z.string().regex(/^[A-Z0-9]{16,32}$/, 'an IAM server certificate id (ASCA…)').optional(),
      })
      .refine((domain) => Boolean(domain.certificateArn) !== Boolean(domain.iamCertificateId), 'give either certificateArn or iamCertificateId')
      .optional(),
    /** Where alarms are sent (an SNS e-mail subscription, confirmed by the recipient). */
    alarmEmail: z.email().optional(),
    logRetentionDays: z.number().refine((days) => (retentionDays as readonly number[]).includes(days), `one of ${retentionDays.join(', ')}`),
    /** A WAF web ACL (AWS managed common rules and a rate limit per IP) in front of CloudFront. */
    waf: z.boolean(),
    /** CloudFront and API access logs. */
    accessLogs: z.boolean(),
    /** X-Ray active tracing of functions and state machines (off where X-Ray is not offered or not wanted). */
    tracing: z.boolean(),
    /** An AWS Backup plan for the table beside point-in-time recovery. */
    backup: z.boolean(),
    /** How many distinct finance users sign a payment batch off: 2 (preparer, releaser) or 3 (preparer, reviewer, releaser). */
    batchSignOffs: z.union([z.literal(2), z.literal(3)]),
    /** How many paid applications finance draws for call-back verification at a time (1 to 50). */
    callBackSampleSize: z.number().int().min(1).max(50),
    /** The sender id SMS go out under, where the destination supports one (the SMS sender publishes through Amazon SNS, and only it may). */
    smsSenderId: z.string().regex(/^[A-Za-z0-9]{1,11}$/, 'a sender id of 1–11 letters or digits').optional(),
    /**
     * The step of the index rollout the stage's table is at (functions/store/table.ts): `listing`
     * for a new stage; a table deployed before the indexes were narrowed starts at `former` and goes
     * one step per deploy (README, "Narrowing the indexes").
     */
    tableIndexes: z.enum(indexRollout.map((step) => step.step) as [IndexRolloutStep, ...IndexRolloutStep[]], {
      error: `one of ${indexRollout.map((step) => step.step).join(', ')}: "listing" for a new stage, "former" for a table deployed before the indexes were narrowed (README, "Narrowing the indexes")`,
    }),
    /** Origins the web app is served from, which PUT photos to the documents bucket: its CORS allows only these (default any). */
    webOrigins: z.array(z.url({ protocol: /^https?$/ })).min(1).optional(),
  })
  .strict();

export type StageConfig = z.infer<typeof stageConfigSchema>;

/** aws-cn in the China regions, aws elsewhere: ARNs written in this repository use it, never a literal. */
export const partitionOf = (region: string): 'aws' | 'aws-cn' => (region.startsWith('cn-') ? 'aws-cn' : 'aws');

export const stageFile = (stage: string): string => join(repoRoot, 'infra', 'stages', `${stage}.json`);

/** A stage's configuration, checked; a mistake names the file and the field. */
export function loadStageConfig(stage: string, file = stageFile(stage)): StageConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`stage ${stage}: cannot read ${file} (${(error as Error).message})`);
  }
  return parseStageConfig(raw, file);
}

export function parseStageConfig(raw: unknown, source: string): StageConfig {
  const parsed = stageConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ')}`);
  const config = parsed.data;
  if (partitionOf(config.region) === 'aws-cn' && config.identity.kind === 'cognito') throw new Error(`${source}: identity: ${config.region} has no Cognito user pools; use an OIDC issuer`);
  if (partitionOf(config.region) === 'aws-cn' && config.waf) throw new Error(`${source}: waf: this stack makes CloudFront's web ACL in us-east-1, which a China account cannot reach; set it up in the China console, or turn waf off`);
  if (partitionOf(config.region) === 'aws-cn' && !config.customDomain?.iamCertificateId) throw new Error(`${source}: customDomain: CloudFront in China serves only a domain with ICP recordal, with an IAM server certificate (iamCertificateId)`);
  if (partitionOf(config.region) === 'aws' && config.customDomain?.iamCertificateId) throw new Error(`${source}: customDomain: outside China CloudFront takes an ACM certificate in us-east-1 (certificateArn)`);
  return config;
}

/** The names every stage derives from its stage name. */
export const stageNames = (stage: string) => ({
  dataStack: `Warmth-${stage}-Data`,
  appStack: `Warmth-${stage}-App`,
  monitoringStack: `Warmth-${stage}-Monitoring`,
  edgeStack: `Warmth-${stage}-Edge`,
  table: `warmth-${stage}`,
  api: `warmth-${stage}`,
});
