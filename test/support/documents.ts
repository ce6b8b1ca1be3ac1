import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import type { TestRuntime } from './runtime.ts';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of `width`×`height` in one colour, with a darker band (so a thumbnail shows something). */
export function pngOf(width = 120, height = 160, rgb: [number, number, number] = [200, 220, 240]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height / 3 && y < height / 2;
      row.set(band ? [40, 60, 90] : rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal PDF that readers open. */
export const pdfBytes = (): Buffer =>
  Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/**
 * Uploads a document as the web app does: ask for a URL, PUT the bytes to the local S3 server,
 * ask for the check. Returns the check's reply (status and body) and the document id.
 */
export async function uploadDocument(runtime: TestRuntime, sub: string, options: { program: string; kind: string; bytes?: Buffer; contentType?: string; name?: string }) {
  const bytes = options.bytes ?? pngOf();
  const contentType = options.contentType ?? 'image/png';
  const token = await runtime.tokenOf(sub);
  const ticket = await runtime.request('POST', '/documents', { token, body: { program: options.program, kind: options.kind, name: options.name ?? `${options.kind}.png`, contentType, size: bytes.length } });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const put = await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  const check = await runtime.request('POST', `/documents/${ticket.body.id}/check`, { token });
  return { id: ticket.body.id as string, check };
}

/** A ready document's id: for applications that must carry their required kinds. */
export async function readyDocument(runtime: TestRuntime, sub: string, program: string, kind: string): Promise<string> {
  const { id, check } = await uploadDocument(runtime, sub, { program, kind });
  expect(check.status, JSON.stringify(check.body)).toBe(200);
  return id;
}

/** The same upload through any caller of the API (a platform started by `npm start`, say): returns the ready document's id. */
export async function photoThrough(call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>, program: string, kind: string): Promise<string> {
  const bytes = pngOf();
  const ticket = await call('POST', '/documents', { program, kind, name: `${kind}.png`, contentType: 'image/png', size: bytes.length });
  expect(ticket.status).toBe(201);
  expect((await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  expect((await call('POST', `/documents/${ticket.body.id}/check`)).status).toBe(200);
  return ticket.body.id as string;
}
