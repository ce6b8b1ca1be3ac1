import { describe, expect, it } from 'vitest';
import { authFrom, type ApiEvent } from '../../../functions/shared/http.ts';

const claims = { sub: 'o-east', name: '郑华', 'cognito:groups': '[official]', 'custom:org_unit': 'east', 'custom:level': '2' };
const eventWith = (authorizer: unknown) => ({ requestContext: { authorizer } }) as unknown as ApiEvent;

describe('the caller, from what the authorizer passed', () => {
  it('reads the JWT authorizer’s claims (an OIDC stage, and the local runtime)', () => {
    expect(authFrom(eventWith({ jwt: { claims, scopes: [] } }))).toEqual({ sub: 'o-east', name: '郑华', groups: ['official'], orgUnit: 'east', level: 2 });
  });

  it('reads the same claims from the Lambda authorizer of the two user pools', () => {
    expect(authFrom(eventWith({ lambda: claims }))).toEqual({ sub: 'o-east', name: '郑华', groups: ['official'], orgUnit: 'east', level: 2 });
  });

  it('finds nobody without a subject', () => {
    expect(authFrom(eventWith({ lambda: { ...claims, sub: '' } }))).toBeUndefined();
    expect(authFrom(eventWith(undefined))).toBeUndefined();
  });
});
