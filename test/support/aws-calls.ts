import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AwsCall } from '../../functions/shared/aws-calls.ts';

/** Where the recordings are kept (committed): one JSON per handler file. */
export const recordingsDir = join(import.meta.dirname, '..', 'infra', 'aws-calls');

/** One handler file's recording: per export, every distinct call, sorted. */
export interface HandlerRecording {
  file: string;
  exports: Record<string, AwsCall[]>;
}

const sortCalls = (calls: AwsCall[]): AwsCall[] => [...calls].sort((a, b) => a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource));
const recordingFile = (file: string): string => join(recordingsDir, `${file.replace(/^functions\//, '').replace(/\.[cm]?[jt]s$/, '').replaceAll('/', '.')}.json`);

/** This test process's calls (by `file#export`), written to a fragment of its own in `dir`. */
export function writeFragment(dir: string, calls: ReadonlyMap<string, ReadonlyMap<string, AwsCall>>): void {
  if (calls.size === 0) return;
  const fragment = Object.fromEntries([...calls].map(([handler, byKey]) => [handler, [...byKey.values()]]));
  writeFileSync(join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`), JSON.stringify(fragment));
}

/** Every recording kept, by handler file. */
export function readRecordings(): Map<string, HandlerRecording> {
  const recordings = new Map<string, HandlerRecording>();
  if (!existsSync(recordingsDir)) return recordings;
  for (const name of readdirSync(recordingsDir).filter((entry) => entry.endsWith('.json')).sort()) {
    const recording = JSON.parse(readFileSync(join(recordingsDir, name), 'utf8')) as HandlerRecording;
    recordings.set(recording.file, recording);
  }
  return recordings;
}

/**
 * Merges the run's fragments into the kept recordings (a call once seen stays: delete a handler's
 * file to record it afresh), each file written sorted so that a run with nothing new changes nothing.
 */
export function mergeFragments(dir: string): void {
  if (!existsSync(dir)) return;
  const recordings = readRecordings();
  const touched = new Set<string>();
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.json'))) {
    const fragment = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, AwsCall[]>;
    for (const [handler, calls] of Object.entries(fragment)) {
      const [file, exportName] = handler.split('#') as [string, string];
      const recording = recordings.get(file) ?? { file, exports: {} };
      const known = new Map((recording.exports[exportName] ?? []).map((call) => [`${call.action} ${call.resource}`, call]));
      for (const call of calls) known.set(`${call.action} ${call.resource}`, { action: call.action, resource: call.resource });
      recording.exports[exportName] = [...known.values()];
      recordings.set(file, recording);
      touched.add(file);
    }
  }
  mkdirSync(recordingsDir, { recursive: true });
  for (const file of touched) {
    const recording = recordings.get(file) as HandlerRecording;
    const exports = Object.fromEntries(Object.keys(recording.exports).sort().map((name) => [name, sortCalls(recording.exports[name] as AwsCall[])]));
    writeFileSync(recordingFile(file), `${JSON.stringify({ file, exports }, null, 2)}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}
