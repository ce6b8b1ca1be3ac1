import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SfnError, serialization, unknownOperation } from './errors.ts';

/** One operation of the Step Functions API: the JSON request body in, the JSON response body out. */
export type Operation = (request: Record<string, unknown>) => Promise<unknown>;

export interface ProtocolServer {
  endpoint: string;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw serialization('the request body is not JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw serialization('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Serves the Step Functions JSON 1.0 protocol on loopback: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`. Requests are not signature-checked (the SDK signs
 * them with whatever credentials it has). Errors carry `__type`, which the SDK turns into its
 * exception classes.
 */
export async function serveStepFunctionsProtocol(operations: Record<string, Operation>, port: number): Promise<ProtocolServer> {
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? operations[target.slice(TARGET_PREFIX.length)] : undefined;
      if (request.method !== 'POST' || !operation) throw unknownOperation(target);
      reply(200, await operation(await readBody(request)));
    } catch (error) {
      if (error instanceof SfnError) return reply(400, error.toBody());
      console.error('local Step Functions: internal failure', error);
      reply(500, { __type: 'com.amazonaws.swf.service.v2.model#InternalFailure', message: 'internal failure' });
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
