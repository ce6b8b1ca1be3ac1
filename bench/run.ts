import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** A benchmark: bench/<name>.bench.ts exporting this as default. */
export interface Benchmark {
  name: string;
  title: string;
  run(): Promise<{ markdown: string }>;
}

const here = import.meta.dirname;
const docs = join(here, '..', 'docs', 'benchmarks.md');

/** `npm run bench` runs every bench/*.bench.ts; `npm run bench -- reconcile` one. Each writes its own section of docs/benchmarks.md. */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(here).filter((file) => file.endsWith('.bench.ts') && (only.length === 0 || only.some((name) => file.startsWith(name))));
  let doc = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.ts); each section is replaced when its benchmark runs again.\n';
  for (const file of files) {
    const bench = (await import(join(here, file))).default as Benchmark;
    console.log(`running ${bench.name} …`);
    const { markdown } = await bench.run();
    const section = `<!-- bench:${bench.name} -->\n## ${bench.title}\n\nRun ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); \`npm run bench -- ${bench.name}\`.\n\n${markdown}\n<!-- /bench:${bench.name} -->\n`;
    const pattern = new RegExp(`<!-- bench:${bench.name} -->[\\s\\S]*?<!-- /bench:${bench.name} -->\\n`);
    doc = pattern.test(doc) ? doc.replace(pattern, section) : `${doc}\n${section}`;
    console.log(markdown);
  }
  writeFileSync(docs, doc);
}

await main();
