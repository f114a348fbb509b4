/** Near-duplicates: MinHash signatures, LSH candidate pairs, clusters at a live threshold. See README.md. */
export { rolloutText, promptText, type NearDupInput } from './text';
export { hashShingles } from './shingle';
export {
  createSignatures,
  writeSignature,
  signTexts,
  matchCount,
  estimateJaccard,
  DEFAULT_MINHASH,
  type MinHashOptions,
  type Signatures,
} from './minhash';
export {
  findCandidatePairs,
  chooseLshParams,
  collisionProbability,
  MAX_BUCKET,
  type CandidatePairs,
  type LshParams,
} from './lsh';
export { clusterAt, pairsAtThreshold, type Clusters } from './cluster';
export { keepOnePerCluster } from './keep';
export {
  findCrossSplitPairs,
  moveClustersToOneSide,
  type CrossPair,
  type MoveResult,
  type SplitSides,
} from './contamination';
export { findReferenceOverlap, type PromptSet, type ReferenceOverlap } from './reference';
