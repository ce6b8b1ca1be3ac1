import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  /** False once the process has exited (stopped, crashed or killed). */
  running(): boolean;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
        'Install it with: apt-get install -y openjdk-17-jre-headless',
    );
    this.name = 'JavaMissingError';
  }
}

/** The official emulator jar, shipped inside amplify-dynamodb-simulator (we use only its jar, not its JS API). */
function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new JavaMissingError();
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts DynamoDB Local on a free port: in memory, or persisted under `dataDir`.
 * Note: the emulator has no bind option and listens on all interfaces.
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  assertJava();
  const dir = emulatorDir();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-sharedDb', '-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-port', String(port), ...storage, '-disableTelemetry'],
    // The emulator writes a metadata file into its working directory: keep it out of the checkout.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: options.dataDir ?? tmpdir() },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));

  // The JVM starts in ~2 s on an idle machine; a busy one (a CI box running other work) can take far longer.
  const deadline = Date.now() + 120_000;
  while (!(await portAccepts(port))) {
    if (exited) throw new Error(`DynamoDB Local exited before it was ready: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('DynamoDB Local did not accept connections within 120 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    running: () => !exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
