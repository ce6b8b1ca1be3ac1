/**
 * The reliability suite runs short inside `npm test` and at full size with `npm run
 * test:reliability` (RELIABILITY=full): the same tests, with these numbers.
 */
const full = process.env.RELIABILITY === 'full';
/** RELIABILITY_APPLICATIONS overrides the load's size (to try a change quickly, or to push harder). */
const chosen = Number(process.env.RELIABILITY_APPLICATIONS) || undefined;

export const scale = {
  full,
  /** Applications of the load test across the three programs (issue #12: about 300 in `npm test`, two to three minutes on two cores). */
  loadApplications: chosen ?? (full ? 10_000 : 300),
  /** Applications while the runtime or the database is killed under them. */
  faultApplications: full ? 1_000 : 15,
  /** SIGKILLs of the runtime during the crash test. */
  crashes: full ? 5 : 1,
  /** Requests of the fuzzing test, over all write routes (issue #12: 1,000 in `npm test`). RELIABILITY_FUZZ sets another number. */
  fuzzRequests: Number(process.env.RELIABILITY_FUZZ) || (full ? 20_000 : 1_000),
  clients: 32,
  /** How long a load may take before the test gives up. */
  timeoutMs: full ? 3 * 3600_000 : 600_000,
};
