import { Agent, request } from 'node:http';

/** Idle connections are let go well before a Node server's own five seconds, so none is reused as the server closes it. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64, timeout: 2_000 });

/**
 * One HTTP request over a kept-alive connection, answered with its status and body as text. A
 * benchmark's clients share the process with what they measure: fetch's web streams cost about a
 * third of the local Step Functions service's CPU per execution (7.1 against 4.7 ms), which a ratio
 * would charge to the service.
 */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<{ status: number; text: string }> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body;
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: init.method ?? 'GET', agent: keepAlive, headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Closes the kept-alive connections, so the benchmark's process can end. */
export const closeConnections = (): void => keepAlive.destroy();
