import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Benchmark } from './run.ts';

/** The JavaScript a phone downloads to open the worker's form: every script the built index.html loads, gzipped. */
const bench: Benchmark = {
  name: 'web-bundle',
  title: 'Web app first load (the worker form), gzipped JavaScript',
  async run() {
    const outDir = mkdtempSync(join(tmpdir(), 'warmth-web-'));
    await build({ configFile: join(import.meta.dirname, '..', 'web', 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((match) => match[1] as string);
    const rows = scripts.map((src) => {
      const bytes = readFileSync(join(outDir, src));
      return { src, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const total = rows.reduce((sum, row) => sum + row.gzip, 0);
    const assets = readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.js')).length;
    return {
      markdown: [
        `**${(total / 1024).toFixed(1)} KiB gzipped** of JavaScript on first load (target: under 200 KB); ${assets} JS asset(s) in the build.`,
        '',
        '| script | raw | gzip |',
        '|---|---|---|',
        ...rows.map((row) => `| ${row.src} | ${(row.raw / 1024).toFixed(1)} KiB | ${(row.gzip / 1024).toFixed(1)} KiB |`),
      ].join('\n'),
    };
  },
};

export default bench;
