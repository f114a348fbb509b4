/**
 * The columnar curation model: one typed array per field, one slot per rollout. This is what the
 * server builds once per dataset, ships to the browser once (see wire.ts) and every curation
 * function reads. Strings live in small dictionaries (tasks, prompts, splits) referenced by index.
 *
 * Invariants:
 * - Every column has length n. Missing numbers are NaN, missing indices are -1.
 * - prompts/tasks/splits are numbered in order of first appearance, so iterating groups by index
 *   visits them in file order (the same order Python's dict grouping does).
 * - Models are treated as immutable: derived.ts caches sorted views per model object.
 */

/** reviewStatus codes (hook: the review feature fills the column later). */
export const REVIEW_UNREVIEWED = 0;
export const REVIEW_APPROVED = 1;
export const REVIEW_REJECTED = 2;
export type ReviewStatus = 'unreviewed' | 'approved' | 'rejected';

export interface MetricColumn {
  name: string;
  values: Float64Array;
}

export interface CurationModel {
  n: number;
  ids: string[];
  /** NaN where the rollout has no reward. */
  reward: Float64Array;
  /** -1 unknown, 0 failed, 1 succeeded. */
  success: Int8Array;
  taskIdx: Int32Array;
  tasks: string[];
  promptIdx: Int32Array;
  prompts: string[];
  splitIdx: Int8Array;
  splits: string[];
  metrics: MetricColumn[];
  turns: Int32Array;
  toolCalls: Int32Array;
  /** Hook: REVIEW_* codes; absent until the review feature exists. */
  reviewStatus?: Int8Array;
  /** Hook: total tokens per rollout (-1 unknown); absent until tokenization ran. */
  tokens?: Int32Array;
}

export interface CurationRow {
  id: string;
  reward: number | null;
  success: boolean | null;
  taskId: string | null;
  promptKey: string | null;
  split: string | null;
  metrics: Record<string, number>;
  turns: number;
  toolCalls: number;
  reviewStatus?: ReviewStatus;
  tokens?: number | null;
}

const REVIEW_CODES: Record<ReviewStatus, number> = {
  unreviewed: REVIEW_UNREVIEWED,
  approved: REVIEW_APPROVED,
  rejected: REVIEW_REJECTED,
};

/** Interns strings into a dictionary, numbering them by first appearance. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  intern(value: string | null): number {
    if (value === null) return -1;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function grow<T extends Float64Array | Int32Array | Int8Array>(a: T, size: number, fill: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  next.fill(fill, a.length);
  return next;
}

const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/**
 * Incremental builder, so a streaming reader (ingest, bench) never holds all rows as objects.
 * Columns grow by doubling; finish() trims them to n.
 */
export class ModelBuilder {
  private n = 0;
  private cap: number;
  private readonly ids: string[] = [];
  private reward: Float64Array;
  private success: Int8Array;
  private taskIdx: Int32Array;
  private promptIdx: Int32Array;
  private splitIdx: Int8Array;
  private turns: Int32Array;
  private toolCalls: Int32Array;
  private reviewStatus: Int8Array | null = null;
  private tokens: Int32Array | null = null;
  private readonly metricCols = new Map<string, Float64Array>();
  private readonly tasks = new Dictionary();
  private readonly prompts = new Dictionary();
  private readonly splits = new Dictionary();

  constructor(capacityHint = 1024) {
    this.cap = Math.max(16, capacityHint);
    this.reward = new Float64Array(this.cap).fill(NaN);
    this.success = new Int8Array(this.cap).fill(-1);
    this.taskIdx = new Int32Array(this.cap).fill(-1);
    this.promptIdx = new Int32Array(this.cap).fill(-1);
    this.splitIdx = new Int8Array(this.cap).fill(-1);
    this.turns = new Int32Array(this.cap);
    this.toolCalls = new Int32Array(this.cap);
  }

  private ensure(): void {
    if (this.n < this.cap) return;
    const cap = this.cap * 2;
    this.reward = grow(this.reward, cap, NaN);
    this.success = grow(this.success, cap, -1);
    this.taskIdx = grow(this.taskIdx, cap, -1);
    this.promptIdx = grow(this.promptIdx, cap, -1);
    this.splitIdx = grow(this.splitIdx, cap, -1);
    this.turns = grow(this.turns, cap, 0);
    this.toolCalls = grow(this.toolCalls, cap, 0);
    if (this.reviewStatus) this.reviewStatus = grow(this.reviewStatus, cap, REVIEW_UNREVIEWED);
    if (this.tokens) this.tokens = grow(this.tokens, cap, -1);
    for (const [name, col] of this.metricCols) this.metricCols.set(name, grow(col, cap, NaN));
    this.cap = cap;
  }

  add(row: CurationRow): void {
    this.ensure();
    const i = this.n++;
    this.ids.push(row.id);
    this.reward[i] = num(row.reward);
    this.success[i] = row.success === null ? -1 : row.success ? 1 : 0;
    this.taskIdx[i] = this.tasks.intern(row.taskId);
    this.promptIdx[i] = this.prompts.intern(row.promptKey);
    const s = this.splits.intern(row.split);
    if (s > 127) throw new Error('curation model: more than 128 distinct splits');
    this.splitIdx[i] = s;
    this.turns[i] = row.turns | 0;
    this.toolCalls[i] = row.toolCalls | 0;
    for (const name in row.metrics) {
      let col = this.metricCols.get(name);
      if (!col) this.metricCols.set(name, (col = new Float64Array(this.cap).fill(NaN)));
      col[i] = num(row.metrics[name]);
    }
    if (row.reviewStatus !== undefined) {
      this.reviewStatus ??= new Int8Array(this.cap);
      this.reviewStatus[i] = REVIEW_CODES[row.reviewStatus];
    }
    if (row.tokens !== undefined) {
      this.tokens ??= new Int32Array(this.cap).fill(-1);
      this.tokens[i] = row.tokens === null ? -1 : row.tokens | 0;
    }
  }

  finish(): CurationModel {
    const n = this.n;
    const model: CurationModel = {
      n,
      ids: this.ids,
      reward: this.reward.slice(0, n),
      success: this.success.slice(0, n),
      taskIdx: this.taskIdx.slice(0, n),
      tasks: this.tasks.values,
      promptIdx: this.promptIdx.slice(0, n),
      prompts: this.prompts.values,
      splitIdx: this.splitIdx.slice(0, n),
      splits: this.splits.values,
      metrics: [...this.metricCols].map(([name, values]) => ({ name, values: values.slice(0, n) })),
      turns: this.turns.slice(0, n),
      toolCalls: this.toolCalls.slice(0, n),
    };
    if (this.reviewStatus) model.reviewStatus = this.reviewStatus.slice(0, n);
    if (this.tokens) model.tokens = this.tokens.slice(0, n);
    return model;
  }
}

export function buildModel(rows: Iterable<CurationRow>): CurationModel {
  const builder = new ModelBuilder(Array.isArray(rows) ? rows.length : 1024);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/** Finds a numeric column by name: a metric first, then the built-in columns. */
export function findColumn(model: CurationModel, name: string): ArrayLike<number> | null {
  const metric = model.metrics.find((m) => m.name === name);
  if (metric) return metric.values;
  switch (name) {
    case 'reward':
      return model.reward;
    case 'turns':
      return model.turns;
    case 'toolCalls':
    case 'tool_calls':
      return model.toolCalls;
    default:
      return null;
  }
}
