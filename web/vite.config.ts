import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// Preact rather than React: the same component model at a tenth of the size, for workers on phones.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Maps for local debugging only: no sourceMappingURL in the bundles, and the deployment leaves the files out.
    sourcemap: 'hidden',
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; dropping them changes nothing in the bundle.
      onLog(level, log, handler) {
        if (log.code === 'INVALID_ANNOTATION' && log.id?.includes('node_modules')) return;
        handler(level, log);
      },
    },
  },
});
