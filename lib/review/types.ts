/**
 * Team review, the domain model. The database, the pages, the server actions and `sift review`
 * all speak these types; schemas.ts holds the zod schemas for the ones that cross a boundary and
 * checks at compile time that both say the same thing.
 *
 * Invariants:
 * - Ids are opaque strings (the database's numeric ids as text). `rolloutId` is Sift's id of a
 *   rollout, never the source's external id (`sift review import` maps those first).
 * - A `messageIndex` indexes the rollout's canonical `messages` (lib/formats/types.ts), the list the
 *   viewer shows, before any export projection (system prompt settling, dropped empty turns).
 * - One review per (item, reviewer). A review with `submittedAt: null` is a draft: consensus and
 *   agreement never read drafts, so blind queues stay blind until a reviewer submits.
 * - Comments are not part of a review: a thread belongs to a rollout or one of its turns, whoever
 *   writes in it (`ReviewComment`).
 */

export const ROLLOUT_VERDICTS = ['accept', 'reject', 'needs_fix'] as const;
export type RolloutVerdict = (typeof ROLLOUT_VERDICTS)[number];

/** Verdicts on a DPO pair item: which side is better, or neither. */
export const PAIR_VERDICTS = ['chosen_better', 'rejected_better', 'tie', 'both_bad'] as const;
export type PairVerdict = (typeof PAIR_VERDICTS)[number];

export const ITEM_KINDS = ['rollout', 'pair', 'group'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * A group ranking: tiers of rollout ids, best first; ids in one tier are tied. Every rollout of the
 * group appears exactly once. `[["a","b"],["c"]]` = a and b tie, both beat c.
 */
export type Ranking = string[][];

/** What a reviewer decided; its kind matches the item's kind. */
export type Verdict =
  | { kind: 'rollout'; value: RolloutVerdict }
  | { kind: 'pair'; value: PairVerdict }
  | { kind: 'group'; ranking: Ranking };

/** What a queue asks people to review. */
export type ReviewItem =
  | { id: string; kind: 'rollout'; rolloutId: string }
  /** `chosen` / `rejected` as the pairing produced them; the verdict says whether people agree. */
  | { id: string; kind: 'pair'; chosen: string; rejected: string }
  /** The trials of one prompt, in the order shown. */
  | { id: string; kind: 'group'; rolloutIds: string[] };

/** The message where the trajectory first went wrong, and why (a label id). */
export interface FirstBadStep {
  messageIndex: number;
  reasonLabel: string | null;
}

export type TurnRating = 'good' | 'bad';

export interface TurnRatingMark {
  /** An assistant message. */
  messageIndex: number;
  rating: TurnRating;
}

/** A tool call as a reviewer writes it: ids are made up when the correction is exported. */
export interface CorrectedToolCall {
  name: string;
  /** JSON text of an object, as OpenAI writes arguments. */
  arguments: string;
}

/**
 * A reviewer's replacement for one assistant message. The original is never changed.
 * `content`: absent = keep the original text; null or '' = no text. `toolCalls`: absent = keep the
 * original calls; [] = no calls. At least one of the two is present, and the result is not empty.
 */
export interface Correction {
  messageIndex: number;
  content?: string | null;
  toolCalls?: CorrectedToolCall[];
}

/** A reviewer's turn-level work on one rollout of the item. */
export interface RolloutAnnotation {
  rolloutId: string;
  /** At most one per rollout per review. */
  firstBadStep: FirstBadStep | null;
  /** At most one per assistant message. */
  ratings: TurnRatingMark[];
  /** At most one per assistant message. */
  corrections: Correction[];
}

/** One reviewer's work on one item. */
export interface Review {
  itemId: string;
  /** The queue the item belongs to; null for a review made in the viewer outside any queue. */
  queueId: string | null;
  /** The user's id (or name, for imported reviews). */
  reviewer: string;
  /** null while the reviewer has not decided. */
  verdict: Verdict | null;
  note: string;
  /** Label ids from the queue's label set. */
  labels: string[];
  /** Turn-level work, one entry per annotated rollout of the item (a rollout item has at most one). */
  annotations: RolloutAnnotation[];
  /** ISO 8601; null = draft. */
  submittedAt: string | null;
  /** Time spent on the item (active time, as the review panel measures it); null when unknown. */
  durationMs: number | null;
}

/**
 * How a queue turns several reviews of an item into one verdict (consensus.ts):
 * - majority: more than half of the submitted verdicts agree; a curator's adjudication settles ties.
 * - unanimous: every submitted verdict agrees; anything else stays undecided, even if adjudicated.
 * - adjudicated: a curator's adjudication is final; without one, only a unanimous item is decided.
 */
export const CONSENSUS_RULES = ['majority', 'unanimous', 'adjudicated'] as const;
export type ConsensusRule = (typeof CONSENSUS_RULES)[number];

/** A curator's final verdict on an item, set from the disagreements list. */
export interface Adjudication {
  itemId: string;
  verdict: Verdict;
  /** The curator's user id. */
  by: string;
  /** ISO 8601. */
  at: string;
  note: string;
}

/** A label a curator defines for a dataset or queue. */
export interface Label {
  /** Stable id (stored in reviews); renaming a label keeps its id. */
  id: string;
  name: string;
  /** `#rrggbb`. */
  colour: string;
  /** Keyboard shortcut 1–9, unique within the set; null = none. */
  key: number | null;
  description: string;
}

/** A comment in a rollout's thread (`messageIndex: null`) or in one turn's thread. */
export interface ReviewComment {
  rolloutId: string;
  messageIndex: number | null;
  author: string;
  body: string;
  /** ISO 8601. */
  at: string;
}
