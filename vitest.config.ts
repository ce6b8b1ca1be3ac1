import { defineConfig } from 'vitest/config';

/** RELIABILITY=full (`npm run test:reliability`): the reliability suite at full size. RELIABILITY=short: its short version alone. */
const reliability = process.env.RELIABILITY;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The crash and database-fault tests run by `npm run test:reliability` only: two npm start
    // platforms killed and restarted under load take longer than npm test can give them on two cores.
    exclude: reliability === 'full' || reliability === 'short' ? [] : ['test/reliability/faults.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
