import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;
const SLICES = 16;
const handedOut = new Set<number>();

/**
 * A free loopback port for a server about to start. It is drawn from below the kernel's ephemeral
 * range: a port from that range (what listen(0) gives) can be taken between this probe and the
 * server's own listen by the local end of any outgoing connection, and the load tests open
 * thousands. Each test worker draws from its own slice, and a process never hands out a port twice,
 * so two servers starting at once are not given the same one.
 */
export async function freePort(): Promise<number> {
  const { first, size } = slice();
  const start = Math.floor(Math.random() * size);
  for (let step = 0; step < size; step++) {
    const port = first + ((start + step) % size);
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${first}-${first + size - 1}`);
}

function slice(): { first: number; size: number } {
  const ephemeralStart = ephemeralRangeStart();
  const size = Math.floor((ephemeralStart - LOWEST) / SLICES);
  const worker = Number(process.env.VITEST_POOL_ID ?? 0);
  return { first: LOWEST + (Number.isInteger(worker) ? worker % SLICES : 0) * size, size };
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(start) && start > LOWEST + SLICES * 100) return start;
  } catch {
    // Not Linux: the IANA ephemeral range, which macOS and Windows use.
  }
  return 49_152;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
