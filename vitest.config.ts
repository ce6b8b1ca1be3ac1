import { defineConfig } from 'vitest/config';

/** RELIABILITY=full (`npm run test:reliability`): the reliability suite at full size. RELIABILITY=short: its short version alone. */
const reliability = process.env.RELIABILITY;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Run by `npm run test:reliability` (or RELIABILITY=short) only: the crash and database-fault
    // tests (two npm start platforms killed and restarted under load).
    exclude: reliability === 'full' || reliability === 'short' ? [] : ['test/reliability/faults.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
