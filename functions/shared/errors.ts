import type { Message } from './i18n.ts';

export interface FieldProblem {
  path: string;
  message: Message;
}

/**
 * An error the API may show to its caller. Only statuses below 500 are exposed (as middy's
 * http-error-handler does), and 503 with its Retry-After; anything else becomes a generic 500.
 */
export class HttpError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    readonly fields: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(text.en);
    this.name = new.target.name;
    this.expose = status < 500 || retryAfterSeconds !== undefined;
  }
}

export const fieldsNotValid: Message = { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are not valid; see the fields listed' };

export class ValidationError extends HttpError {
  constructor(fields: FieldProblem[], text: Message = fieldsNotValid) {
    super(400, 'VALIDATION_FAILED', text, fields);
  }
}

export class MalformedJsonError extends HttpError {
  constructor() {
    super(400, 'MALFORMED_JSON', { zh: '请求正文不是合法的 JSON', en: 'The request body is not valid JSON' });
  }
}

export class UnauthorizedError extends HttpError {
  constructor(text: Message = { zh: '请先登录（缺少或无效的令牌）', en: 'Sign in first (missing or invalid token)' }) {
    super(401, 'UNAUTHORIZED', text);
  }
}

export class ForbiddenError extends HttpError {
  constructor(text: Message = { zh: '您无权执行此操作', en: 'You are not allowed to do this' }) {
    super(403, 'FORBIDDEN', text);
  }
}

export class NotFoundError extends HttpError {
  constructor(text: Message = { zh: '未找到', en: 'Not found' }) {
    super(404, 'NOT_FOUND', text);
  }
}

/** 409: duplicate claim, wrong state, idempotency mismatch — the code says which. */
export class ConflictError extends HttpError {
  constructor(code: string, text: Message, fields: FieldProblem[] = []) {
    super(409, code, text, fields);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor() {
    super(413, 'PAYLOAD_TOO_LARGE', { zh: '请求正文超过 256 KiB', en: 'The request body is over 256 KiB' });
  }
}

export class TooManyRequestsError extends HttpError {
  constructor() {
    super(429, 'TOO_MANY_REQUESTS', { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' });
  }
}

/** 503: a dependency (the database, the workflow service) is down or overloaded; the client may retry after a moment. */
export class ServiceUnavailableError extends HttpError {
  constructor(retryAfterSeconds = 2) {
    super(503, 'SERVICE_UNAVAILABLE', { zh: '服务暂时不可用，请稍后重试', en: 'The service is briefly unavailable; please try again shortly' }, [], retryAfterSeconds);
  }
}

/** Something that will likely succeed if tried again: contention on the same items, not bad input. */
export class TransientError extends Error {}

/**
 * The database could not answer (refused, reset, timed out, failed or throttled after the SDK's own
 * retries). Named so that a workflow's Retry can tell it from a step's own failure: an outage of a
 * minute is waited out rather than ending the execution.
 */
export class DatabaseUnavailableError extends TransientError {
  constructor(cause: unknown) {
    super('the database did not answer', { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** An SDK error that says the service was not reached or failed, not that the request was refused. */
export function isServiceFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return false;
  const sdk = error as { $metadata?: { httpStatusCode?: number }; $fault?: string; $retryable?: { throttling?: boolean } };
  const status = sdk.$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || sdk.$fault === 'server' || sdk.$retryable?.throttling === true;
}

/**
 * Whether an error means a dependency could not answer, rather than that the request was wrong:
 * the SDK never reached the service (refused, reset, timed out), the service failed (5xx) or
 * throttled, or a transaction kept colliding with others. Read from the SDK's error metadata.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  if (error instanceof TransientError || isServiceFailure(error)) return true;
  if (typeof error !== 'object' || error === null) return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError');
}
