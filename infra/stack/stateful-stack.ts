import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AttributeType, Billing, TableEncryptionV2, TableV2, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRecovery, ClientAttributes, StringAttribute, UserPool, UserPoolClient, type IUserPool, type IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tableSchema } from '../../functions/store/table.ts';
import type { StageConfig } from '../config.ts';

/** The documents bucket's name: the stage's table's, account and region (bucket names are global). */
export const documentsBucketName = (tableName: string, scope: Construct): string => `${tableName}-documents-${Stack.of(scope).account}-${Stack.of(scope).region}`;

/** The roles of API.md, as Cognito groups (the `cognito:groups` claim). */
export const userGroups = ['worker', 'official', 'finance', 'admin'] as const;

/** How callers prove who they are: the stack's Cognito user pool, or any OIDC issuer by configuration. */
export interface Identity {
  issuer: string;
  audience: string;
  userPool?: IUserPool;
  client?: IUserPoolClient;
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
      globalSecondaryIndexes: tableSchema.globalIndexes.map((index) => ({ indexName: index.name, partitionKey: attribute(index.partitionKey), sortKey: attribute(index.sortKey) })),
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
      const userPool = new UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { username: true },
        customAttributes: { org_unit: new StringAttribute({ mutable: true }), level: new StringAttribute({ mutable: true }) },
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
        accountRecovery: AccountRecovery.NONE,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG2', reason: 'Workers sign in on shared phones at union offices; MFA is left to each union to enable.' });
      Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG8', reason: 'The Plus feature plan is a paid tier each union may choose.' });
      Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG3', reason: 'Advanced security (threat protection) is a paid tier each union may enable.' });
      for (const group of userGroups) userPool.addGroup(`Group-${group}`, { groupName: group });
      const client = new UserPoolClient(this, 'WebClient', {
        userPool,
        // Sign-in by SRP from the web app itself. The hosted UI's OAuth flows would need the web
        // URL as a callback, which the app stack only knows after this one.
        authFlows: { userSrp: true },
        disableOAuth: true,
        generateSecret: false,
        preventUserExistenceErrors: true,
        // By default a client may write every attribute, so a worker could raise their own
        // custom:level or move custom:org_unit. Only admins set those (AdminUpdateUserAttributes).
        writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
      });
      // ProviderURL has no scheme; the `iss` claim of Cognito's tokens is this https URL.
      this.identity = { issuer: `https://${userPool.userPoolProviderUrl}`, audience: client.userPoolClientId, userPool, client };
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
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
}
