import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Route } from '../../../functions/api/routes.ts';
import type { HandlerRef } from '../../../functions/shared/handler-ref.ts';
import { now } from '../../../functions/shared/clock.ts';
import { fieldsNotValid } from '../../../functions/shared/errors.ts';
import { langFrom, say, type Lang } from '../../../functions/shared/i18n.ts';
import type { DevIssuer } from './dev-issuer.ts';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: unknown) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

export interface ApiServerOptions {
  host: string;
  port: number;
  routes: Route[];
  loadHandler(ref: HandlerRef): Promise<Handler>;
  issuer: DevIssuer;
  webRoot?: string;
  local: { advanceClock(seconds: number): Promise<void> };
}

/** API Gateway refuses payloads above 10 MB before any function runs; so do we. */
const GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

class BodyTooLargeError extends Error {}

/** Past this we stop reading and drop the connection: a client sending without end gets no answer. */
const DRAIN_LIMIT_BYTES = 8 * GATEWAY_MAX_BYTES;

/**
 * The request body. One over the gateway's limit is read to its end and thrown away, so the
 * client, which is still sending, gets its 413 rather than a reset connection.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) {
        request.destroy();
        return;
      }
      if (size <= GATEWAY_MAX_BYTES) chunks.push(chunk);
    });
    request.on('end', () => (size > GATEWAY_MAX_BYTES ? reject(new BodyTooLargeError()) : resolvePromise(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

/** A path segment as the route sees it; undefined when its percent-encoding is malformed (`%E4%B8`, `%zz`). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(text);
}

const isText = (contentType: string | undefined) => !contentType || /json|text|csv|xml|javascript/.test(contentType);

/**
 * The local stand-in for API Gateway's HTTP API: the same route table, JWTs verified like its JWT
 * authorizer, the same payload-2.0 events, plus the local-only routes of API.md and the web app.
 */
export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const compiled = options.routes.map(compile);
  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;

  async function local(method: string, path: string, body: Buffer, lang: Lang): Promise<[number, unknown] | undefined> {
    const json = (): Record<string, unknown> | undefined => {
      try {
        const value = JSON.parse(body.toString('utf8') || '{}') as unknown;
        return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    };
    const invalid = (path: string, zh: string, en: string): [number, unknown] => [
      400,
      { error: { code: 'VALIDATION_FAILED', message: say(fieldsNotValid, lang), fields: [{ path, message: say({ zh, en }, lang) }] } },
    ];
    // On AWS the stack writes config.json beside the web app; here the API is this same origin.
    if (method === 'GET' && path === '/config.json') return [200, {}];
    if (method === 'GET' && path === '/.well-known/jwks.json') return [200, options.issuer.jwks()];
    if (method === 'GET' && path === '/local/users') return [200, { items: options.issuer.users }];
    if (method === 'POST' && path === '/local/token') {
      const sub = json()?.sub;
      if (typeof sub !== 'string') return invalid('sub', '请指定演示用户', 'sub must name a demo user');
      const token = await options.issuer.sign(sub);
      return token ? [200, { token }] : [404, { error: { code: 'NOT_FOUND', message: say({ zh: `没有演示用户 ${sub}`, en: `No demo user ${sub}` }, lang), fields: [] } }];
    }
    if (method === 'POST' && path === '/local/clock/advance') {
      const seconds = json()?.seconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 10 * 365 * 86_400) {
        return invalid('seconds', '应为不超过十年的非负整数秒', 'seconds must be a whole number from 0 to ten years');
      }
      await options.local.advanceClock(seconds);
      return [200, { advancedSeconds: seconds }];
    }
    return undefined;
  }

  function serveStatic(path: string, response: ServerResponse): boolean {
    if (!webRoot || !existsSync(webRoot)) return false;
    const decoded = decodeSegment(path);
    if (decoded === undefined) return false;
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    let file = resolve(webRoot, relative);
    if (file !== webRoot && !file.startsWith(webRoot + sep)) return false;
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Client-side routes (no file extension) get the app; a missing asset stays a 404.
      if (extname(path) !== '') return false;
      file = join(webRoot, 'index.html');
      if (!existsSync(file)) return false;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
    return true;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return send(response, 413, { message: 'Request Entity Too Large' }, { connection: 'close' });
      throw error;
    }
    const lang = langFrom(request.headers['accept-language']);

    const localReply = await local(method, url.pathname, body, lang);
    if (localReply) return send(response, localReply[0], localReply[1]);

    const match = compiled
      .map((candidate) => ({ candidate, groups: candidate.route.method === method ? candidate.pattern.exec(url.pathname) : null }))
      .find((entry) => entry.groups);
    if (!match?.groups) {
      if (method === 'GET' && serveStatic(url.pathname, response)) return;
      return send(response, 404, { message: 'Not Found' });
    }
    const { route, names } = match.candidate;

    let claims: Record<string, string | number | boolean | string[]> = {};
    if (!route.public) {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      if (!token) return send(response, 401, { message: 'Unauthorized' });
      try {
        claims = (await options.issuer.verify(token)) as typeof claims;
      } catch {
        return send(response, 401, { message: 'Unauthorized' });
      }
    }

    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
    const decoded = names.map((_, index) => decodeSegment(match.groups?.[index + 1] ?? ''));
    const malformed = names.find((_, index) => decoded[index] === undefined);
    if (malformed !== undefined) {
      return send(response, 400, {
        error: { code: 'VALIDATION_FAILED', message: say(fieldsNotValid, lang), fields: [{ path: malformed, message: say({ zh: '路径中的百分号编码无效', en: 'The percent-encoding in the path is malformed' }, lang) }] },
      });
    }
    const pathParameters = Object.fromEntries(names.map((name, index) => [name, decoded[index] as string]));
    const binary = !isText(headers['content-type']);
    const requestId = randomUUID();
    const nowMs = now().getTime();
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(names.length ? { pathParameters } : {}),
      ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: new Date(nowMs).toUTCString(),
        timeEpoch: nowMs,
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: stringifyClaims(claims), scopes: [] } },
      },
      isBase64Encoded: binary && body.length > 0,
      ...(body.length ? { body: binary ? body.toString('base64') : body.toString('utf8') } : {}),
    };
    const handler = await options.loadHandler(route.handler);
    const result = await handler(event, { awsRequestId: requestId, functionName: route.handler.export, getRemainingTimeInMillis: () => 29_000 });
    if (result === undefined || typeof result === 'string') return send(response, 200, result ?? '');
    const resultHeaders: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.headers ?? {})) resultHeaders[key] = String(value);
    response.writeHead(result.statusCode ?? 200, resultHeaders);
    response.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  const server = createServer((request, response) => {
    // The local clock, not the machine's: the web app takes "today" from it.
    response.setHeader('date', now().toUTCString());
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  });
  await new Promise<void>((resolvePromise) => server.listen(options.port, options.host, resolvePromise));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

/** API Gateway hands claims to the function as strings; arrays become "[a b]". */
function stringifyClaims(claims: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(claims)) {
    out[key] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
  return out;
}
