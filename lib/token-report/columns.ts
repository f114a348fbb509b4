/**
 * A token analysis as columns: per-rollout counts and trained-span boundaries in typed arrays, the
 * input of every figure (report.ts). The job builds it once; the page receives it once (wire.ts)
 * and recomputes in the browser when max_length, the mask or "remove system prompt" change.
 */

export interface TokenColumns {
  n: number;
  /** Rollout ids (database ids), ascending. */
  ids: Int32Array;
  total: Int32Array;
  /** Tokens before the first non-system turn. */
  system: Int32Array;
  /** The same without the system messages; -1 when unknown (then "remove system prompt" leaves the rollout as is). */
  systemNoSys: Int32Array;
  assistant: Int32Array;
  /** First token of the completion; -1 when there is none. */
  completionStart: Int32Array;
  /** Rollout i's trained spans are spanStart/spanEnd[spanOffset[i] .. spanOffset[i+1]). */
  spanOffset: Int32Array;
  spanStart: Int32Array;
  spanEnd: Int32Array;
}

/** What one rollout contributes (the analysis' per-rollout result, or a cache entry). */
export interface RolloutCounts {
  total: number;
  system: number;
  systemNoSys: number;
  assistant: number;
  completionStart: number;
  spans: readonly (readonly [number, number])[];
}

/** Appends rollouts in id order and hands out the columns at the end. */
export class ColumnsBuilder {
  private n = 0;
  private spans = 0;
  private ids: Int32Array;
  private cols: Int32Array[];
  private spanOffset: Int32Array;
  private spanStart: Int32Array;
  private spanEnd: Int32Array;

  constructor(capacity = 1024) {
    const c = Math.max(1, capacity);
    this.ids = new Int32Array(c);
    this.cols = Array.from({ length: 5 }, () => new Int32Array(c));
    this.spanOffset = new Int32Array(c + 1);
    this.spanStart = new Int32Array(c * 4);
    this.spanEnd = new Int32Array(c * 4);
  }

  private static grow(a: Int32Array, min: number): Int32Array {
    if (a.length >= min) return a;
    const b = new Int32Array(Math.max(min, a.length * 2));
    b.set(a);
    return b;
  }

  add(id: number, r: RolloutCounts): void {
    const i = this.n++;
    if (this.n > this.ids.length) {
      this.ids = ColumnsBuilder.grow(this.ids, this.n);
      this.cols = this.cols.map((c) => ColumnsBuilder.grow(c, this.n));
      this.spanOffset = ColumnsBuilder.grow(this.spanOffset, this.n + 1);
    }
    this.ids[i] = id;
    const [total, system, systemNoSys, assistant, completionStart] = this.cols;
    total[i] = r.total;
    system[i] = r.system;
    systemNoSys[i] = r.systemNoSys;
    assistant[i] = r.assistant;
    completionStart[i] = r.completionStart;
    this.spanStart = ColumnsBuilder.grow(this.spanStart, this.spans + r.spans.length);
    this.spanEnd = ColumnsBuilder.grow(this.spanEnd, this.spans + r.spans.length);
    for (const [a, b] of r.spans) {
      this.spanStart[this.spans] = a;
      this.spanEnd[this.spans] = b;
      this.spans++;
    }
    this.spanOffset[i + 1] = this.spans;
  }

  get size(): number {
    return this.n;
  }

  finish(): TokenColumns {
    const n = this.n;
    const [total, system, systemNoSys, assistant, completionStart] = this.cols.map((c) => c.slice(0, n));
    return {
      n,
      ids: this.ids.slice(0, n),
      total,
      system,
      systemNoSys,
      assistant,
      completionStart,
      spanOffset: this.spanOffset.slice(0, n + 1),
      spanStart: this.spanStart.slice(0, this.spans),
      spanEnd: this.spanEnd.slice(0, this.spans),
    };
  }
}

export function buildColumns(rows: readonly { id: number; counts: RolloutCounts }[]): TokenColumns {
  const b = new ColumnsBuilder(rows.length);
  for (const r of rows) b.add(r.id, r.counts);
  return b.finish();
}
