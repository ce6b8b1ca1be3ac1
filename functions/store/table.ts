/** What a global index copies from each item beside the keys (DynamoDB's Projection). */
export type Projection = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

export interface GlobalIndex {
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: Projection;
}

/**
 * What the listing indexes copy of an item: its keys and its `listing`, what the listings show of
 * it (functions/store/listing.ts), never the whole item. An application's details with its sealed
 * resident-ID and bank-card numbers, a payment instruction's sealed card number, an approval's task
 * token stay in the table alone.
 */
export const listingProjection = { type: 'INCLUDE', attributes: ['listing'] } as const satisfies Projection;

/**
 * The application table's key schema, defined once: the CDK stack creates the table from it and
 * the local runtime creates the DynamoDB Local table from it. The store queries the indexes by the
 * names `indexOn` gives.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1-listing', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: listingProjection },
    { name: 'gsi2-listing', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: listingProjection },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies { partitionKey: string; sortKey: string; globalIndexes: readonly GlobalIndex[]; timeToLiveAttribute: string };

/**
 * The indexes of a table made before listings: the same keys, copying whole items (ALL). A deployed
 * table keeps them until its rollout drops them (indexRollout); DynamoDB Local replaces them at start.
 */
export const formerIndexes = [
  { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { type: 'ALL' } },
  { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: { type: 'ALL' } },
] as const satisfies readonly GlobalIndex[];

export type IndexKeys = 'gsi1' | 'gsi2';

/**
 * A deployed table's way from the former indexes to the listing ones, one deploy per step. A
 * CloudFormation update can neither change an index's projection nor add or drop more than one
 * index, so each step adds or drops one index, or switches the functions' queries (`queried`) — the
 * former indexes until both listing ones are built and every item has its listing (`npm run
 * backfill-listings`); the data stack deploys before the functions, so the queries switch a step
 * before the former indexes go. A stage's `tableIndexes` names the step its table is at (README,
 * "Narrowing the indexes"); a new stage starts at the last.
 */
export const indexRollout = [
  { step: 'former', indexes: ['gsi1', 'gsi2'], queried: 'former' },
  { step: 'add-gsi1-listing', indexes: ['gsi1', 'gsi2', 'gsi1-listing'], queried: 'former' },
  { step: 'add-gsi2-listing', indexes: ['gsi1', 'gsi2', 'gsi1-listing', 'gsi2-listing'], queried: 'former' },
  { step: 'query-listing', indexes: ['gsi1', 'gsi2', 'gsi1-listing', 'gsi2-listing'], queried: 'listing' },
  { step: 'drop-gsi1', indexes: ['gsi2', 'gsi1-listing', 'gsi2-listing'], queried: 'listing' },
  { step: 'listing', indexes: ['gsi1-listing', 'gsi2-listing'], queried: 'listing' },
] as const;

export type IndexRolloutStep = (typeof indexRollout)[number]['step'];

export const rolloutStep = (step: IndexRolloutStep) => indexRollout.find((candidate) => candidate.step === step) as (typeof indexRollout)[number];

/** The indexes a table has at a step of its rollout, as defined here. */
export function indexesAt(step: IndexRolloutStep): GlobalIndex[] {
  const known: readonly GlobalIndex[] = [...formerIndexes, ...tableSchema.globalIndexes];
  const names: readonly string[] = rolloutStep(step).indexes;
  return known.filter((index) => names.includes(index.name));
}

/**
 * The index a query on the `gsi1` or `gsi2` keys goes to: the listing index, or the former one while
 * the stage's rollout has not switched yet (TABLE_INDEXES=former, which the stack sets then).
 */
export const indexOn = (keys: IndexKeys): string => (queriesFormerIndexes() ? keys : `${keys}-listing`);

export const queriesFormerIndexes = (): boolean => process.env.TABLE_INDEXES === 'former';

export const tableName = (): string => {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
};
