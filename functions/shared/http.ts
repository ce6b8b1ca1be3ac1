import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { ForbiddenError, HttpError, isDependencyUnavailable, MalformedJsonError, PayloadTooLargeError, ServiceUnavailableError, UnauthorizedError, ValidationError } from './errors.ts';
import { langFrom, say, type Lang } from './i18n.ts';
import { zodIssuesToFields } from './zod-messages.ts';

export type Role = 'worker' | 'official' | 'finance' | 'admin';
const ROLES: readonly Role[] = ['worker', 'official', 'finance', 'admin'];

/** The signed-in caller, from the claims the authorizer verified. */
export interface Auth {
  sub: string;
  name: string;
  groups: Role[];
  orgUnit: string;
  level?: number;
}

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** Bodies above this are refused whatever the route (API.md). */
export const MAX_BODY_BYTES = 256 * 1024;

/** ID-card and bank-card numbers never reach the logs. */
const SENSITIVE_DIGITS = /\d{12,30}[Xx]?/g;
export const redact = (text: string): string => text.replace(SENSITIVE_DIGITS, (digits) => `${digits.slice(0, 2)}…(${digits.length})`);

export const logger = new Logger({ serviceName: 'warmth' });

/**
 * API Gateway passes array claims as a string like "[worker official]"; a JWT library gives an
 * array; some issuers a JSON string. All three mean the same groups.
 */
export function parseGroups(claim: unknown): Role[] {
  let values: unknown[] = [];
  if (Array.isArray(claim)) values = claim;
  else if (typeof claim === 'string') {
    const text = claim.trim();
    if (text.startsWith('[') && text.includes('"')) {
      try {
        values = JSON.parse(text) as unknown[];
      } catch {
        values = [];
      }
    } else values = text.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  }
  return values.map((value) => String(value).trim()).filter((value): value is Role => (ROLES as readonly string[]).includes(value));
}

export function authFrom(event: ApiEvent): Auth | undefined {
  // The JWT authorizer's claims, or the same claims from the Lambda authorizer that trusts both user pools (functions/api/authorizer.ts).
  const authorizer = event.requestContext?.authorizer as { jwt?: { claims?: Record<string, unknown> }; lambda?: Record<string, unknown> } | undefined;
  const claims = authorizer?.jwt?.claims ?? authorizer?.lambda;
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const level = Number(claims['custom:level']);
  return {
    sub: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : claims.sub,
    groups: parseGroups(claims['cognito:groups']),
    orgUnit: typeof claims['custom:org_unit'] === 'string' ? claims['custom:org_unit'] : '',
    ...(Number.isInteger(level) && level > 0 ? { level } : {}),
  };
}

function header(event: ApiEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

export function reply(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** A CSV download (the bank files, report exports). */
export function csvReply(body: string, filename: string): ApiResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    body,
  };
}

function errorBody(error: HttpError, lang: Lang) {
  return { error: { code: error.code, message: say(error.text, lang), fields: error.fields.map((field) => ({ path: field.path, message: say(field.message, lang) })) } };
}

/**
 * Exposed errors (below 500) become their status and body in the reader's language; a dependency
 * that could not answer becomes 503 with Retry-After; anything else is logged and hidden.
 */
const httpErrors = (): MiddlewareObj<ApiEvent, ApiResult> => ({
  onError: (request) => {
    const lang = langFrom(header(request.event, 'accept-language'));
    const error = isDependencyUnavailable(request.error) ? new ServiceUnavailableError() : request.error;
    if (error instanceof HttpError && error.expose) {
      if (error instanceof ServiceUnavailableError) logger.warn('dependency unavailable', { error: redact(String(request.error)), requestId: request.event.requestContext?.requestId });
      const retryAfter: Record<string, string> = error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      request.response = reply(error.status, errorBody(error, lang), retryAfter);
      return;
    }
    logger.error('request failed', { error: redact(error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error)), requestId: request.event.requestContext?.requestId });
    request.response = reply(500, { error: { code: 'INTERNAL', message: say({ zh: '服务器内部错误，请稍后再试', en: 'Something went wrong on our side; please try again later' }, lang), fields: [] } });
  },
});

function bodyText(event: ApiEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  return bytes.toString('utf8');
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(zodIssuesToFields(result.error, prefix));
  return result.data;
}

export interface ApiRequest<B, Q, P> {
  auth: Auth;
  body: B;
  query: Q;
  params: P;
  lang: Lang;
  idempotencyKey?: string;
  requestId?: string;
  event: ApiEvent;
}

export interface ApiSpec<B, Q, P> {
  /** Who may call it; `public` routes have no authorizer. */
  roles: readonly Role[] | 'public';
  body?: z.ZodType<B>;
  /** Take the body as text (a CSV upload), checked by `body` (a string schema), instead of JSON; still limited to 256 KiB. */
  textBody?: boolean;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
}

const idempotencyKeySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/);

/**
 * An API Gateway (HTTP API, payload 2.0) handler: the error middleware first, then the handler,
 * which receives the caller, the parsed body, query and path parameters and the reader's language.
 * Parsing order: size → JSON → schema, so every bad input is a 4xx that names its field.
 */
export function apiHandler<B = undefined, Q = undefined, P = undefined>(spec: ApiSpec<B, Q, P>) {
  return {
    handler(fn: (request: ApiRequest<B, Q, P>) => Promise<ApiResult>) {
      return middy<ApiEvent, ApiResult, Error, Context>()
        .use(httpErrors())
        .handler(async (event) => {
          const lang = langFrom(header(event, 'accept-language'));
          const auth = authFrom(event);
          if (spec.roles !== 'public') {
            if (!auth) throw new UnauthorizedError();
            if (!auth.groups.some((group) => (spec.roles as readonly Role[]).includes(group))) throw new ForbiddenError();
          }
          const params = spec.params ? parseWith(spec.params, event.pathParameters ?? {}) : (undefined as P);
          const query = spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}) : (undefined as Q);
          // Read on every route, so one that takes no body still refuses an oversized one.
          const text = bodyText(event);
          let body = undefined as B;
          if (spec.textBody && spec.body) body = parseWith(spec.body, text ?? '');
          else if (spec.body) {
            let json: unknown;
            try {
              json = text === undefined ? undefined : JSON.parse(text);
            } catch {
              throw new MalformedJsonError();
            }
            body = parseWith(spec.body, json);
          }
          const key = header(event, 'idempotency-key');
          if (key !== undefined && !idempotencyKeySchema.safeParse(key).success) {
            throw new ValidationError([{ path: 'Idempotency-Key', message: { zh: 'Idempotency-Key 应为 1–128 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–128 visible ASCII characters' } }]);
          }
          return fn({
            auth: auth ?? { sub: '', name: '', groups: [], orgUnit: '' },
            body,
            query,
            params,
            lang,
            ...(key ? { idempotencyKey: key } : {}),
            ...(event.requestContext?.requestId ? { requestId: event.requestContext.requestId } : {}),
            event,
          });
        });
    },
  };
}
