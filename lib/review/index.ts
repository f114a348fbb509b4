/** Public surface of lib/review (pure: no db, React, Next or node built-ins; runs in the browser too). */
export * from './types';
export {
  adjudicationInputSchema,
  adjudicationSchema,
  consensusOptionsSchema,
  consensusRuleSchema,
  correctedToolCallSchema,
  correctionSchema,
  rankingSchema,
  reviewCommentSchema,
  reviewInputSchema,
  reviewItemSchema,
  reviewSchema,
  rolloutAnnotationSchema,
  verdictSchema,
} from './schemas';
export type { AdjudicationInput, ReviewInput } from './schemas';
export { DEFAULT_LABELS, findLabel, labelIdFromName, labelSchema, labelSetSchema } from './labels';
export { describeVerdict, isSameVerdict, normalizeRanking, verdictKey } from './verdicts';
export { decideGroups, decideItem, decideItems, listDisagreements, tallyVotes } from './consensus';
export type { ConsensusOptions, ConsensusStatus, ItemConsensus, Vote } from './consensus';
export { applyCorrection, findCorrectionIssues, isNoOpCorrection } from './corrections';
export type { CorrectionIssue, CorrectionIssueCode } from './corrections';
export { assertValidReview, findReviewIssues, rolloutIdsOf } from './review-check';
export type { ReviewContext, ReviewIssue } from './review-check';
export { importLineSchema, parseImportText, resolveImportLines } from './import-lines';
export type { ImportIssue, ImportLine, ImportLookups, ParsedLine } from './import-lines';
export { buildRatings, layOutRatings, rateLayout, rateLayoutCodes, ratingsFromTable } from './ratings';
export type { Rating, RatingLayout, Ratings } from './ratings';
export { cohenKappa, krippendorffAlpha, measureAgreement, percentAgreement } from './agreement';
export type { Agreement } from './agreement';
export { assistantTurns, measureFirstBadStepAgreement } from './first-bad-step';
export type { FirstBadStepAgreement, TurnOf } from './first-bad-step';
export { compareReviewsWithReward, DEFAULT_REWARD_THRESHOLDS } from './reward-check';
export type { RewardMismatch, RewardTally, RewardThresholds, ReviewersVsReward } from './reward-check';
export { computeQueueStats } from './queue-stats';
export type { QueueStats, QueueStatsInput, ReviewerStats } from './queue-stats';
export {
  findSuspicious,
  findSuspiciousInDataset,
  findSuspiciousInTask,
  summarizeTrial,
  SUSPICIOUS_RULES,
} from './suspicious';
export type { SuspiciousFinding, SuspiciousOptions, SuspiciousRule, TrialSummary } from './suspicious';
export { correctedSftExamples, correctionPairs, cutAtLastGoodTurn, promptLengthOf } from './derive';
export type { CorrectionPair } from './derive';
export { labelSteps, toTrlStepwise } from './derive-steps';
export type { StepLabel, StepLabels, TrlStepwiseRow } from './derive-steps';
export { pairFromVerdict, pairsFromRanking } from './derive-pairs';
export type { PreferencePair } from './derive-pairs';
export {
  createQueueInputSchema,
  MAX_GROUP_SIZE,
  MAX_QUEUE_ITEMS,
  queueSampleSchema,
  queueSourceSchema,
} from './queue-input';
export type { CreateQueueData, CreateQueueInput, QueueSourceInput } from './queue-input';
