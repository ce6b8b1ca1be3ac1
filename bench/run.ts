import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { historyChart } from './support/chart.ts';

/** One figure a benchmark measured, with the bound it is compared to in the same run. */
export interface Figure {
  /** Stable name, the key of its history: `lifecycle-requests`, `throughput-autumn-aid-8`, … */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** What the figure is held against, measured in the same run (or a fixed ceiling). */
  bound?: number;
  /** The target, as a ratio to the bound or an absolute figure (`better`: which way is better). */
  better: 'higher' | 'lower';
}

/** A benchmark: bench/<name>.bench.ts exporting this as default. */
export interface Benchmark {
  name: string;
  title: string;
  run(): Promise<{ markdown: string; figures?: Figure[] }>;
}

const here = import.meta.dirname;
const docs = join(here, '..', 'docs', 'benchmarks.md');
const charts = join(here, '..', 'docs', 'benchmarks');
const historyFile = join(charts, 'history.json');

type History = Record<string, { at: string; value: number; bound?: number }[]>;

/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- reconcile` one. Each writes its
 * own section of docs/benchmarks.md; each figure is appended to docs/benchmarks/history.json and
 * drawn, with its history, in docs/benchmarks/<figure>.svg under its section.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(here).filter((file) => file.endsWith('.bench.ts') && (only.length === 0 || only.some((name) => file.startsWith(name))));
  if (files.length > 1) {
    // Each in a process of its own: a benchmark that starts the platform keeps its store's
    // clients (and their database endpoint) for the life of the process.
    for (const file of files) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'run.ts'), file.replace(/\.bench\.ts$/, '')], { stdio: 'inherit' });
      if (run.status !== 0) process.exitCode = 1;
    }
    return;
  }
  let doc = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.ts); each section is replaced when its benchmark runs again.\n';
  mkdirSync(charts, { recursive: true });
  const history: History = existsSync(historyFile) ? JSON.parse(readFileSync(historyFile, 'utf8')) : {};
  for (const file of files) {
    const bench = (await import(join(here, file))).default as Benchmark;
    console.log(`running ${bench.name} …`);
    const { markdown, figures = [] } = await bench.run();
    const at = new Date().toISOString();
    const pictures: string[] = [];
    for (const figure of figures) {
      const points = (history[figure.id] ??= []);
      points.push({ at, value: figure.value, ...(figure.bound !== undefined ? { bound: figure.bound } : {}) });
      writeFileSync(join(charts, `${figure.id}.svg`), historyChart(figure, points));
      pictures.push(`![${figure.label}: history](benchmarks/${figure.id}.svg)`);
    }
    const chartsBlock = pictures.length ? `\n\n${pictures.join(' ')}` : '';
    const section = `<!-- bench:${bench.name} -->\n## ${bench.title}\n\nRun ${at} on Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); \`npm run bench -- ${bench.name}\`.\n\n${markdown}${chartsBlock}\n<!-- /bench:${bench.name} -->\n`;
    const pattern = new RegExp(`<!-- bench:${bench.name} -->[\\s\\S]*?<!-- /bench:${bench.name} -->\\n`);
    doc = pattern.test(doc) ? doc.replace(pattern, section) : `${doc}\n${section}`;
    console.log(markdown);
  }
  writeFileSync(historyFile, `${JSON.stringify(history, null, 1)}\n`);
  writeFileSync(docs, doc);
}

await main();
