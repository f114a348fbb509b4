/** lib/scan: secrets and personal data in rollouts, found and redacted. Pure; see README.md. */
export { scanText, resolveOverlaps } from './scan-text';
export { scanRollout, type Scannable } from './scan-rollout';
export { redactText, redactRollout, redactionMarker, type RedactOptions, type Redacted } from './redact';
export { summarizeFindings, addRolloutFindings, emptySummary, type ScanSummary } from './summary';
export { SECRET_RULES } from './secret-rules';
export { shannonEntropy } from './entropy';
export type * from './types';
