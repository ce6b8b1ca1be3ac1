export const LOCAL_REGION = 'us-east-1';

/**
 * The emulators need a region and credentials, never real ones. Nothing here reaches AWS, so the
 * SDK's notices about future Node versions are noise (Node 20 is this project's minimum).
 */
export function useLocalAwsEnv(): void {
  process.env.AWS_REGION ??= LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
