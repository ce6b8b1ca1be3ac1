import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { now } from '../../../functions/shared/clock.ts';
import type { Message } from '../../../functions/shared/i18n.ts';

export interface DemoUser {
  sub: string;
  name: string;
  groups: string[];
  orgUnit: string;
  /** For the sign-in page, which has no token to ask the API with. */
  orgUnitName: Message;
  level?: number;
}

export interface DevIssuer {
  issuer: string;
  audience: string;
  users: DemoUser[];
  jwks(): JSONWebKeySet;
  /** A token with the user's claims, valid one hour from the (local) clock. */
  sign(sub: string): Promise<string | undefined>;
  /** Verifies as the API Gateway JWT authorizer does: signature, issuer, audience, and an expiry that must be there. */
  verify(token: string): Promise<JWTPayload>;
}

const KID = 'warmth-dev-1';

/** Key pair kept in `keyDir`, so tokens stay valid across restarts of the local runtime. */
async function loadKeys(keyDir: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = join(keyDir, 'signing-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const keys = { privateJwk: { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256' }, publicJwk: { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' } };
  mkdirSync(keyDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** The local stand-in for Cognito: signs tokens with the same claims for the demo users. */
export async function createDevIssuer(options: { issuer: string; audience: string; keyDir: string; users: DemoUser[] }): Promise<DevIssuer> {
  const { privateJwk, publicJwk } = await loadKeys(options.keyDir);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const jwks: JSONWebKeySet = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    issuer: options.issuer,
    audience: options.audience,
    users: options.users,
    jwks: () => jwks,
    async sign(sub) {
      const user = options.users.find((candidate) => candidate.sub === sub);
      if (!user) return undefined;
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({
        name: user.name,
        'cognito:groups': user.groups,
        'custom:org_unit': user.orgUnit,
        ...(user.level ? { 'custom:level': String(user.level) } : {}),
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setSubject(user.sub)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 3600)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, keySet, { issuer: options.issuer, audience: options.audience, algorithms: ['RS256'], requiredClaims: ['exp'], currentDate: now() });
      return payload;
    },
  };
}
