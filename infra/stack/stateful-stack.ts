import { CfnOutput, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRecovery, ClientAttributes, StringAttribute, UserPool, UserPoolClient, type IUserPool, type IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Aws, Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableSchema } from '../../functions/store/table.ts';

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
  /** Another OIDC provider instead of Cognito (context or env OIDC_ISSUER / OIDC_AUDIENCE). */
  oidc?: { issuer: string; audience: string };
  /** Origins the web app is served from, which PUT photos to the documents bucket (WEB_ORIGINS). */
  webOrigins: string[];
}

/** What outlives deployments: the table, the identities and the ID-hash secret. Retained on delete. */
export class StatefulStack extends Stack {
  readonly table: ITable;
  readonly identity: Identity;
  readonly idHashKey: SecretValue;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const attribute = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: attribute(tableSchema.partitionKey),
      sortKey: attribute(tableSchema.sortKey),
      globalSecondaryIndexes: tableSchema.globalIndexes.map((index) => ({ indexName: index.name, partitionKey: attribute(index.partitionKey), sortKey: attribute(index.sortKey) })),
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ID numbers are stored for dedupe only as a keyed hash; the key never leaves Secrets Manager and the functions.
    const secret = new Secret(this, 'IdHashKey', { description: 'warmth: key of the HMAC over resident ID numbers', generateSecretString: { passwordLength: 64, excludePunctuation: true }, removalPolicy: RemovalPolicy.RETAIN });
    Validations.of(secret).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: 'Rotating the hashing key would break duplicate detection of earlier applications; it is never rotated.' });
    this.idHashKey = secret.secretValue;

    if (props.oidc) {
      this.identity = { issuer: props.oidc.issuer, audience: props.oidc.audience };
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
    // keys until the platform's customer-managed key exists. Uploads never finished are cleaned up.
    const documents = new Bucket(this, 'Documents', {
      bucketName: `${props.tableName}-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [{ allowedOrigins: props.webOrigins, allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedHeaders: ['content-type'], maxAge: 3000 }],
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
