import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRecovery, ClientAttributes, Mfa, OAuthScope, StringAttribute, UserPool, UserPoolClient, UserPoolDomain, type IUserPool, type IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { indexesAt, tableSchema } from '../../functions/store/table.ts';
import type { StageConfig } from '../config.ts';

/** The documents bucket's name: the stage's table's, account and region (bucket names are global). */
export const documentsBucketName = (tableName: string, scope: Construct): string => `${tableName}-documents-${Stack.of(scope).account}-${Stack.of(scope).region}`;

/** The roles of API.md, as Cognito groups (the `cognito:groups` claim). */
export const userGroups = ['worker', 'official', 'finance', 'admin'] as const;
/** The groups of the workers' pool, where MFA stays off (workers sign in on shared phones at union offices). */
export const workerGroups = ['worker'] as const;
/** The groups of the staff pool, where Cognito requires MFA (TOTP): they release money and read full account numbers. */
export const staffGroups = ['official', 'finance', 'admin'] as const;

/** One Cognito user pool with its web client: the issuer and audience of its ID tokens. */
export interface PoolIdentity {
  issuer: string;
  audience: string;
  userPool: IUserPool;
  client: IUserPoolClient;
  groups: readonly string[];
  /** Cognito's hosted sign-in page of the pool (the staff pool's, for enrolment). */
  signInDomain?: UserPoolDomain;
}

/**
 * How callers prove who they are: the stack's two Cognito user pools (workers; staff, MFA
 * required), or any OIDC issuer by configuration. `issuer` and `audience` are the workers' pool's
 * (or the OIDC issuer's); `staff` is set when the stage has Cognito.
 */
export interface Identity {
  issuer: string;
  audience: string;
  userPool?: IUserPool;
  client?: IUserPoolClient;
  staff?: PoolIdentity;
}

export interface StatefulStackProps extends StackProps {
  /** Named, so the app stack can grant on it without a cross-stack export (and cdk-nag findings name it). */
  tableName: string;
  config: StageConfig;
}

/** What outlives deployments: the table, the identities and the ID-hash secret. Retained on delete. */
export class StatefulStack extends Stack {
  readonly table: ITable;
  /** Encrypts the table (it holds ID and bank numbers). */
  readonly tableKey: Key;
  /** Encrypts the state machines' execution logs. */
  readonly logKey: Key;
  /** Its data keys seal resident-ID and bank-card numbers field by field (functions/store/field-keys.ts). */
  readonly fieldKey: Key;
  readonly identity: Identity;
  readonly idHashKey: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    // Customer-managed keys, rotated yearly by KMS (old material stays, so nothing is re-encrypted),
    // retained with the data they protect.
    this.tableKey = new Key(this, 'TableKey', { alias: `alias/warmth-${props.config.stage}-table`, description: 'warmth: the table (ID and bank numbers)', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    this.fieldKey = new Key(this, 'FieldKey', { alias: `alias/warmth-${props.config.stage}-fields`, description: 'warmth: data keys of the sealed resident-ID and bank-card numbers', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    this.logKey = new Key(this, 'LogKey', { alias: `alias/warmth-${props.config.stage}-logs`, description: 'warmth: the state machines\' execution logs', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    // CloudWatch Logs encrypts with it, for this stage's log groups only.
    this.logKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.${this.urlSuffix}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: attribute(tableSchema.partitionKey),
      sortKey: attribute(tableSchema.sortKey),
      // The indexes at the stage's step of the rollout from whole-item copies to listings (table.ts).
      globalSecondaryIndexes: indexesAt(props.config.tableIndexes).map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType[index.projection.type],
        ...(index.projection.type === 'INCLUDE' ? { nonKeyAttributes: [...index.projection.attributes] } : {}),
      })),
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.customerManagedKey(this.tableKey),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (props.config.backup) {
      // Beside PITR (35 days, to the second): daily backups kept a year, in the vault of the stage.
      const vault = new BackupVault(this, 'BackupVault', { backupVaultName: `warmth-${props.config.stage}`, encryptionKey: this.tableKey, removalPolicy: RemovalPolicy.RETAIN });
      const plan = new BackupPlan(this, 'BackupPlan', { backupPlanName: `warmth-${props.config.stage}`, backupVault: vault });
      plan.addRule(new BackupPlanRule({ ruleName: 'daily', scheduleExpression: Schedule.cron({ hour: '18', minute: '0' }), deleteAfter: Duration.days(365) }));
      const selection = plan.addSelection('Table', { resources: [BackupResource.fromArn(this.table.tableArn)] });
      Validations.of(selection).acknowledge({ id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]', reason: 'AWS Backup\'s own service policy for the role it backs the table up with.' });
    }

    // ID numbers are stored for dedupe only as a keyed hash; the key never leaves Secrets Manager and
    // the handlers that hash, which read it at run time (functions/shared/id-hash-key.ts).
    this.idHashKey = new Secret(this, 'IdHashKey', {
      secretName: `warmth-${props.config.stage}/id-hash-key`,
      description: 'warmth: keys of the HMAC over resident ID numbers, by version ({"current": "1", "1": key})',
      generateSecretString: { secretStringTemplate: JSON.stringify({ current: '1' }), generateStringKey: '1', passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.idHashKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Rotated by hand (README, "Rotating the ID-hash key"): a new version is added and made current while the older ones stay, so duplicates hashed under them are still found; a rotation function would replace the value.',
    });

    if (props.config.identity.kind === 'oidc') {
      this.identity = { issuer: props.config.identity.issuer, audience: props.config.identity.audience };
    } else {
      const workers = this.userPool('Users', 'WebClient', workerGroups, Mfa.OFF);
      Validations.of(workers.userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG2', reason: 'The workers’ pool: workers sign in on shared phones at union offices, as before. Officials, finance and admins are in the staff pool, where MFA is required.' });
      // Staff enrol (new password, then the authenticator app's QR code) on Cognito's hosted sign-in
      // page of the staff pool, which returns to the web app: README, "Staff sign-in with MFA".
      const webUrls = [...(props.config.customDomain ? [`https://${props.config.customDomain.domainName}`] : []), ...(props.config.webOrigins ?? [])];
      const staff = this.userPool('Staff', 'StaffWebClient', staffGroups, Mfa.REQUIRED, {
        domainPrefix: `warmth-${props.config.stage}-staff-${this.account}`,
        callbackUrls: webUrls.length ? [...new Set(webUrls.map((url) => `${url.replace(/\/$/, '')}/`))] : ['http://localhost:3000/'],
      });
      if (staff.signInDomain) new CfnOutput(this, 'StaffSignInUrl', { value: staff.signInDomain.signInUrl(staff.client as UserPoolClient, { redirectUri: webUrls[0] ? `${webUrls[0].replace(/\/$/, '')}/` : 'http://localhost:3000/' }) });
      this.identity = { issuer: workers.issuer, audience: workers.audience, userPool: workers.userPool, client: workers.client, staff };
      new CfnOutput(this, 'UserPoolId', { value: workers.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: workers.client.userPoolClientId });
      new CfnOutput(this, 'StaffUserPoolId', { value: staff.userPool.userPoolId });
      new CfnOutput(this, 'StaffUserPoolClientId', { value: staff.client.userPoolClientId });
      new CfnOutput(this, 'StaffIssuer', { value: staff.issuer });
    }
    // Named, like the table, so the app stack grants on it by name without an export.
    // Photos and PDFs of the workers' documents (ID-bearing papers, diagnoses): private, encrypted,
    // reached only through presigned URLs that the API signs after checking who asks. S3-managed
    // keys: a customer-managed key would need KMS rights in every handler that signs a URL, and the
    // browser's PUT and GET go through those signatures. Uploads never finished are cleaned up.
    const documents = new Bucket(this, 'Documents', {
      bucketName: documentsBucketName(props.tableName, this),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [{ allowedOrigins: props.config.webOrigins ?? ['*'], allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedHeaders: ['content-type'], maxAge: 3000 }],
      lifecycleRules: [
        { id: 'abandoned-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    Validations.of(documents).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Every read of a document is recorded in the application’s own hash-chained audit trail (DOCUMENT_READ) before its URL is signed.' });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucketName });
    new CfnOutput(this, 'Issuer', { value: this.identity.issuer });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }

  /**
   * A user pool of the stage with its groups and web client. With `Mfa.REQUIRED` only TOTP is
   * offered (no SMS: an SMS code can be intercepted, and SMS needs an SNS role): a user without an
   * authenticator is asked to set one up (MFA_SETUP) at the first sign-in, and cannot sign in
   * without its code afterwards.
   */
  private userPool(id: string, clientId: string, groups: readonly string[], mfa: Mfa, hostedSignIn?: { domainPrefix: string; callbackUrls: string[] }): PoolIdentity {
    const userPool = new UserPool(this, id, {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      customAttributes: { org_unit: new StringAttribute({ mutable: true }), level: new StringAttribute({ mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.NONE,
      mfa,
      ...(mfa === Mfa.OFF ? {} : { mfaSecondFactor: { otp: true, sms: false } }),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG8', reason: 'The Plus feature plan is a paid tier each union may choose.' });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG3', reason: 'Advanced security (threat protection) is a paid tier each union may enable.' });
    for (const group of groups) userPool.addGroup(`Group-${group}`, { groupName: group });
    const signInDomain = hostedSignIn ? userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: hostedSignIn.domainPrefix } }) : undefined;
    const client = new UserPoolClient(this, clientId, {
      userPool,
      // Sign-in by SRP from the web app itself; for staff also Cognito's hosted page (code flow with
      // PKCE), back to the web app's own URLs from the stage's config (the app stack's CloudFront
      // URL is only known after this stack).
      authFlows: { userSrp: true },
      ...(hostedSignIn
        ? { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.PROFILE], callbackUrls: hostedSignIn.callbackUrls, logoutUrls: hostedSignIn.callbackUrls } }
        : { disableOAuth: true }),
      generateSecret: false,
      preventUserExistenceErrors: true,
      // By default a client may write every attribute, so a worker could raise their own
      // custom:level or move custom:org_unit. Only admins set those (AdminUpdateUserAttributes).
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });
    // ProviderURL has no scheme; the `iss` claim of Cognito's tokens is this https URL.
    return { issuer: `https://${userPool.userPoolProviderUrl}`, audience: client.userPoolClientId, userPool, client, groups, ...(signInDomain ? { signInDomain } : {}) };
  }
}
