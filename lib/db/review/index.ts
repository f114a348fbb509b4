/** Team review's data access (lib/db/review/README.md). One file per aggregate; this re-exports them. */
export * from './adjudications';
export * from './comments';
export * from './imports';
export * from './labels';
export * from './leases';
export * from './overlay';
export { OWNER_KEY, personKey, personName } from './people';
export * from './queues';
export type { ReviewActor, ReviewRecord, ReviewSnapshot, ReviewStatus, ReviewTarget } from './records';
export { parseTarget, scopeOf } from './records';
export * from './reviews';
export * from './sources';
export * from './stats';
