import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// Preact rather than React: the same component model at a tenth of the size, for workers on phones.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: true },
  server: { proxy: { '/applications': 'http://127.0.0.1:3000', '/approvals': 'http://127.0.0.1:3000', '/programs': 'http://127.0.0.1:3000', '/local': 'http://127.0.0.1:3000' } },
});
