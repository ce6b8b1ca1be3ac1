import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseBankResults } from '../functions/domain/finance/bank-results.ts';
import { createReconciler, type LineClass } from '../functions/domain/finance/reconcile.ts';
import type { Benchmark } from './run.ts';

const INSTRUCTIONS = 1_000_000;
const out = join(import.meta.dirname, 'out');

/** A realistic result file: mostly paid, some failed, a few mismatched, unknown, duplicate and malformed lines; some instructions missing. */
async function writeResultFile(path: string): Promise<void> {
  const stream = createWriteStream(path);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write('\uFEFF指令编号,账号,金额,状态,失败原因,流水号\r\n');
  for (let i = 0; i < INSTRUCTIONS; i++) {
    const id = `APP-${String(i).padStart(7, '0')}-P1`;
    const fen = 100_000 + (i % 900) * 100;
    const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    if (i % 1000 === 7) continue; // missing
    if (i % 1000 === 3) await write(`${id},6222020000000000${i % 1000},${yuan},失败,账户已销户,\r\n`);
    else if (i % 5000 === 11) await write(`${id},6222020000000000,1.00,成功,,BK${i}\r\n`);
    else await write(`${id},6222020000000000,"${yuan}",成功,,BK${i}\r\n`);
    if (i % 10_000 === 13) await write(`${id},6222020000000000,"${yuan}",成功,,BK${i}\r\n`);
    if (i % 20_000 === 17) await write(`APP-X${i}-P1,6222020000000000,10.00,成功,,BK${i}\r\n`);
    if (i % 50_000 === 19) await write(`broken,line\r\n`);
  }
  await write('\r\n\r\n');
  stream.end();
  await once(stream, 'finish');
}

const bench: Benchmark = {
  name: 'reconcile',
  title: 'Reconciling 1,000,000 bank result lines against 1,000,000 instructions',
  async run() {
    mkdirSync(out, { recursive: true });
    const file = join(out, 'bank-results.csv');
    await writeResultFile(file);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    const reconciler = createReconciler(
      (function* () {
        for (let i = 0; i < INSTRUCTIONS; i++) yield { instructionId: `APP-${String(i).padStart(7, '0')}-P1`, amountFen: 100_000 + (i % 900) * 100 };
      })(),
    );
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let read = 0;
    const counts: Partial<Record<LineClass, number>> = {};
    for await (const result of parseBankResults(lines)) {
      const line = reconciler.accept(result);
      counts[line.class] = (counts[line.class] ?? 0) + 1;
      read += 1;
    }
    const { totals } = reconciler.finish();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    const rows = (Object.keys(totals) as LineClass[]).map((key) => `| ${key} | ${totals[key].count.toLocaleString('en')} |`).join('\n');
    return {
      markdown: [
        `Streaming the file (readline) through the parser into the reconciler: **${read.toLocaleString('en')} lines in ${seconds.toFixed(1)} s** (${Math.round(read / seconds).toLocaleString('en')} lines/s), **peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB** (including generating the instruction list).`,
        '',
        '| class | lines |',
        '|---|---|',
        rows,
      ].join('\n'),
    };
  },
};

export default bench;
