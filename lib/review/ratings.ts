/**
 * Reliability data in a compact, unit-major form: the values each coder (reviewer) gave each unit
 * (item), categories numbered. agreement.ts reads it in linear passes, so 10,000 items × 3
 * reviewers cost a few milliseconds and a queue's label-by-label figures reuse one layout.
 *
 * Invariants: the ratings of unit u are at positions [unitStart[u], unitStart[u + 1]); within a
 * unit each coder appears at most once (a later rating of the same coder replaces the earlier);
 * `value` is an index into `categories`, or -1 for "no value" (the coder saw the unit but the
 * question does not apply), which every statistic treats as missing.
 */

export interface Ratings {
  /** Unit ids, in order of first appearance. */
  units: string[];
  /** Coder ids, in order of first appearance. */
  coders: string[];
  categories: string[];
  unitStart: Int32Array;
  coder: Int32Array;
  value: Int32Array;
}

export interface Rating {
  unit: string;
  coder: string;
  /** null = missing. */
  value: string | null;
}

/** The unit-major layout of (unit, coder) pairs, shared by every question asked of the same reviews. */
export interface RatingLayout {
  units: string[];
  coders: string[];
  unitStart: Int32Array;
  coder: Int32Array;
  /** For each position, the index of the input record it came from. */
  source: Int32Array;
}

function indexOf(map: Map<string, number>, list: string[], key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = list.length;
    map.set(key, i);
    list.push(key);
  }
  return i;
}

/**
 * Lays out (unit, coder) pairs unit by unit (a counting sort: stable, linear). Takes any records and
 * two accessors, so 30,000 reviews need no intermediate objects.
 */
export function layOutRatings<T>(
  records: readonly T[],
  unitOfRecord: (r: T) => string,
  coderOfRecord: (r: T) => string,
): RatingLayout {
  const units: string[] = [];
  const coders: string[] = [];
  const unitIds = new Map<string, number>();
  const coderIds = new Map<string, number>();
  const n = records.length;
  const unitOf = new Int32Array(n);
  const coderOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    unitOf[i] = indexOf(unitIds, units, unitOfRecord(records[i]));
    coderOf[i] = indexOf(coderIds, coders, coderOfRecord(records[i]));
  }
  const counts = new Int32Array(units.length + 1);
  for (let i = 0; i < n; i++) counts[unitOf[i] + 1]++;
  for (let u = 0; u < units.length; u++) counts[u + 1] += counts[u];
  const fill = counts.slice(0, units.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[unitOf[i]]++] = i;

  // A repeated (unit, coder): keep the later record only.
  const unitStart = new Int32Array(units.length + 1);
  const coder = new Int32Array(n);
  const source = new Int32Array(n);
  let w = 0;
  for (let u = 0; u < units.length; u++) {
    unitStart[u] = w;
    for (let p = counts[u]; p < counts[u + 1]; p++) {
      const i = order[p];
      let dup = -1;
      for (let q = unitStart[u]; q < w; q++) if (coder[q] === coderOf[i]) dup = q;
      const at = dup === -1 ? w++ : dup;
      coder[at] = coderOf[i];
      source[at] = i;
    }
  }
  unitStart[units.length] = w;
  return { units, coders, unitStart, coder: coder.subarray(0, w), source: source.subarray(0, w) };
}

/** Ratings for one question over a layout: `valueOf(record index)` gives the category or null. */
export function rateLayout(layout: RatingLayout, valueOf: (source: number) => string | null): Ratings {
  const categories: string[] = [];
  const ids = new Map<string, number>();
  const value = new Int32Array(layout.source.length);
  for (let p = 0; p < value.length; p++) {
    const v = valueOf(layout.source[p]);
    value[p] = v === null ? -1 : indexOf(ids, categories, v);
  }
  return {
    units: layout.units,
    coders: layout.coders,
    categories,
    unitStart: layout.unitStart,
    coder: layout.coder,
    value,
  };
}

/**
 * Ratings from category codes per input record (-1 = missing): no string per rating, for questions
 * asked many times of the same reviews (one per label).
 */
export function rateLayoutCodes(layout: RatingLayout, codes: Int32Array, categories: string[]): Ratings {
  const value = new Int32Array(layout.source.length);
  for (let p = 0; p < value.length; p++) value[p] = codes[layout.source[p]];
  return {
    units: layout.units,
    coders: layout.coders,
    categories,
    unitStart: layout.unitStart,
    coder: layout.coder,
    value,
  };
}

/** Ratings from (unit, coder, value) records. */
export function buildRatings(records: readonly Rating[]): Ratings {
  return rateLayout(
    layOutRatings(
      records,
      (r) => r.unit,
      (r) => r.coder,
    ),
    (i) => records[i].value,
  );
}

/** Ratings from a units × coders table (rows = coders, as published examples print them; null = missing). */
export function ratingsFromTable(
  table: readonly (readonly (string | number | null)[])[],
  coderNames?: string[],
): Ratings {
  const records: Rating[] = [];
  const width = Math.max(0, ...table.map((row) => row.length));
  for (let u = 0; u < width; u++) {
    table.forEach((row, c) => {
      const v = row[u];
      if (v !== null && v !== undefined)
        records.push({ unit: `u${u}`, coder: coderNames?.[c] ?? `c${c}`, value: String(v) });
    });
  }
  return buildRatings(records);
}
