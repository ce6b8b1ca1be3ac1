import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * The API's authorizer on AWS when the stage has Cognito: workers sign in to the workers' user
 * pool (MFA off, as before), officials, finance and admins to the staff pool, where MFA (TOTP) is
 * required by Cognito itself. An HTTP API's JWT authorizer trusts one issuer, and workers and staff
 * share routes, so this Lambda authorizer verifies an ID token of either pool (signature by the
 * pool's JWKS, issuer, audience = the pool's web client, expiry) and lets a pool's token carry only
 * the groups that pool hands out: a staff group in a workers' token is refused, so nobody holds
 * official, finance or admin rights without having passed the staff pool's MFA.
 *
 * The claims go to the handlers as the JWT authorizer passes them (arrays as "[a b]"), in the
 * authorizer's context (functions/shared/http.ts reads either). With a stage on an external OIDC
 * issuer (China) the stack keeps the JWT authorizer, and MFA is that issuer's duty.
 */

/** One pool the authorizer trusts: its issuer URL, its web client (the ID token's audience) and the groups it may grant. */
export interface TrustedIssuer {
  issuer: string;
  audience: string;
  groups: readonly string[];
}

/** The pools, from the stack (TRUSTED_ISSUERS, JSON). */
export const trustedIssuers = (): TrustedIssuer[] => JSON.parse(process.env.TRUSTED_ISSUERS ?? '[]') as TrustedIssuer[];

interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}
export type AuthorizerResult = { isAuthorized: boolean; context?: Record<string, string | number | boolean> };

/** Groups of a token: Cognito's `cognito:groups` is an array. */
const groupsOf = (payload: JWTPayload): string[] => (Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]).map(String) : []);

/** The claims as API Gateway's JWT authorizer hands them to the integration. */
export function contextOf(payload: JWTPayload): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(payload)) {
    out[key] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
  return out;
}

/** API Gateway answers 401 to an authorizer that fails with exactly this message (403 to `isAuthorized: false`). */
const unauthorized = (): Error => new Error('Unauthorized');

/**
 * Verifies a bearer token against the trusted pools. A token that is not valid for any of them is
 * 401 (signed in again); a valid one whose groups its pool may not grant is 403.
 */
export async function authorize(authorization: string | undefined, issuers: readonly TrustedIssuer[], keysOf: (issuer: string) => JWTVerifyGetKey): Promise<AuthorizerResult> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  let unverified: JWTPayload;
  try {
    unverified = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JWTPayload;
  } catch {
    throw unauthorized();
  }
  const trusted = issuers.find((candidate) => candidate.issuer === unverified.iss);
  if (!trusted) throw unauthorized();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keysOf(trusted.issuer), { issuer: trusted.issuer, audience: trusted.audience, requiredClaims: ['exp', 'sub'], algorithms: ['RS256'] }));
  } catch (error) {
    // The pool's keys out of reach is a fault (API Gateway answers 500, the api-5xx alarm), not a
    // bad token: a 401 would send every caller to sign in again, in vain.
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw error;
    throw unauthorized();
  }
  // Cognito's access tokens carry no audience and ID tokens say so; the handlers read the ID token's attributes.
  if (payload.token_use !== undefined && payload.token_use !== 'id') throw unauthorized();
  if (groupsOf(payload).some((group) => !trusted.groups.includes(group))) return { isAuthorized: false };
  return { isAuthorized: true, context: contextOf(payload) };
}

/** Each pool's keys, fetched once per container and cached by jose. */
const keySets = new Map<string, JWTVerifyGetKey>();
const remoteKeys = (issuer: string): JWTVerifyGetKey => {
  let keys = keySets.get(issuer);
  if (!keys) keySets.set(issuer, (keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`))));
  return keys;
};

export const handler = async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
  const headers = event.headers ?? {};
  const authorization = headers.authorization ?? Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return authorize(authorization, trustedIssuers(), remoteKeys);
};
