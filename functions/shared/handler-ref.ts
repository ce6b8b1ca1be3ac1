/** Where a Lambda handler lives: the CDK bundles `file` with `export` as its handler; the local runtime imports it. */
export interface HandlerRef {
  /** Path from the repository root, e.g. `functions/api/applications.ts`. */
  file: string;
  /** The named export that is the handler. */
  export: string;
}
