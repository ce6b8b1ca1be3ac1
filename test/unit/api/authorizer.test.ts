import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, type TrustedIssuer } from '../../../functions/api/authorizer.ts';

const workers: TrustedIssuer = { issuer: 'https://cognito-idp.example/workers', audience: 'worker-client', groups: ['worker'] };
const staff: TrustedIssuer = { issuer: 'https://cognito-idp.example/staff', audience: 'staff-client', groups: ['official', 'finance', 'admin'] };

describe('the authorizer of the workers’ and the staff user pools', () => {
  const keys = new Map<string, { sign: CryptoKey; set: JWTVerifyGetKey }>();
  const keysOf = (issuer: string) => keys.get(issuer)?.set as JWTVerifyGetKey;
  const token = async (pool: TrustedIssuer, claims: Record<string, unknown>, { audience = pool.audience, expires = '1h', signedBy = pool.issuer } = {}) =>
    `Bearer ${await new SignJWT({ token_use: 'id', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: signedBy })
      .setSubject('u-1')
      .setIssuer(pool.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(keys.get(signedBy)?.sign as CryptoKey)}`;

  beforeAll(async () => {
    for (const pool of [workers, staff]) {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      const jwk: JWK = { ...(await exportJWK(publicKey)), kid: pool.issuer, alg: 'RS256' };
      keys.set(pool.issuer, { sign: privateKey, set: createLocalJWKSet({ keys: [jwk] }) });
    }
  });

  it('lets a staff token of the staff pool through, with its claims as the JWT authorizer passes them', async () => {
    const result = await authorize(await token(staff, { 'cognito:groups': ['official'], 'custom:level': '2' }), [workers, staff], keysOf);
    expect(result.isAuthorized).toBe(true);
    expect(result.context).toMatchObject({ sub: 'u-1', 'cognito:groups': '[official]', 'custom:level': '2', iss: staff.issuer });
  });

  it('lets a worker of the workers’ pool through', async () => {
    expect((await authorize(await token(workers, { 'cognito:groups': ['worker'] }), [workers, staff], keysOf)).isAuthorized).toBe(true);
  });

  it('refuses (403) a staff group in a token of the workers’ pool, where no MFA was asked', async () => {
    expect(await authorize(await token(workers, { 'cognito:groups': ['worker', 'finance'] }), [workers, staff], keysOf)).toEqual({ isAuthorized: false });
  });

  it('answers 401 to a token of another issuer, another audience, another pool’s key, an expired one, an access token, or none', async () => {
    const refusals = [
      await token({ ...staff, issuer: 'https://elsewhere.example' }, {}, { signedBy: staff.issuer }),
      await token(staff, {}, { audience: 'another-client' }),
      await token(staff, {}, { signedBy: workers.issuer }),
      await token(staff, {}, { expires: '-1m' }),
      await token(staff, { token_use: 'access' }),
      'Bearer not.a.token',
      undefined,
    ];
    for (const authorization of refusals) await expect(authorize(authorization, [workers, staff], keysOf), String(authorization).slice(0, 40)).rejects.toThrow(/^Unauthorized$/);
  });

  it('fails as a fault, not as a refused token, when a pool’s keys are out of reach (a 500, not a sign-in loop)', async () => {
    const offline = () => async () => {
      throw new errors.JWKSTimeout();
    };
    await expect(authorize(await token(staff, {}), [workers, staff], offline)).rejects.toBeInstanceOf(errors.JWKSTimeout);
    const unreachable = () => async () => {
      throw new TypeError('fetch failed');
    };
    await expect(authorize(await token(staff, {}), [workers, staff], unreachable)).rejects.toThrow(/fetch failed/);
  });
});
