/**
 * The textbook computations, written straight from the definitions with maps and explicit coder
 * pairs. Not used by the app: tests hold agreement.ts to it on random data, and the review
 * benchmark times it as the naive baseline.
 */
import type { Rating } from './ratings';

function byUnit(records: readonly Rating[]): Map<string, Map<string, string>> {
  const units = new Map<string, Map<string, string>>();
  for (const r of records) {
    if (r.value === null) continue;
    let u = units.get(r.unit);
    if (!u) units.set(r.unit, (u = new Map()));
    u.set(r.coder, r.value);
  }
  return units;
}

/** α = 1 − D_o / D_e over the full coincidence matrix o_ck (Krippendorff 2011, nominal δ). */
export function referenceAlpha(records: readonly Rating[]): number | null {
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = o.get(c);
    if (!row) o.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const unit of byUnit(records).values()) {
    const values = [...unit.values()];
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i], values[j], 1 / (m - 1));
  }
  const nc = new Map<string, number>();
  for (const [c, row] of o)
    nc.set(
      c,
      [...row.values()].reduce((a, b) => a + b, 0),
    );
  const n = [...nc.values()].reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (const [c, row] of o) for (const [k, w] of row) if (c !== k) observed += w;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  if (n < 2 || expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

export function referenceCohenKappa(records: readonly Rating[], a: string, b: string): number | null {
  const pairs: [string, string][] = [];
  for (const unit of byUnit(records).values()) {
    const va = unit.get(a);
    const vb = unit.get(b);
    if (va !== undefined && vb !== undefined) pairs.push([va, vb]);
  }
  if (pairs.length === 0) return null;
  const po = pairs.filter(([x, y]) => x === y).length / pairs.length;
  const categories = new Set(pairs.flat());
  let pe = 0;
  for (const c of categories) {
    pe +=
      (pairs.filter(([x]) => x === c).length / pairs.length) * (pairs.filter(([, y]) => y === c).length / pairs.length);
  }
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

export function referencePercentAgreement(records: readonly Rating[]): number | null {
  const shares: number[] = [];
  for (const unit of byUnit(records).values()) {
    const values = [...unit.values()];
    let pairs = 0;
    let same = 0;
    for (let i = 0; i < values.length; i++)
      for (let j = i + 1; j < values.length; j++) {
        pairs++;
        if (values[i] === values[j]) same++;
      }
    if (pairs > 0) shares.push(same / pairs);
  }
  return shares.length === 0 ? null : shares.reduce((x, y) => x + y, 0) / shares.length;
}
