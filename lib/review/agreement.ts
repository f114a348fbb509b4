/**
 * Inter-rater agreement on nominal data (verdicts; a label present or absent):
 * - percent agreement: per unit with two or more values, the share of coder pairs that agree,
 *   averaged over those units (for two coders: the share of units they agree on). A fraction 0–1.
 * - Cohen's kappa: exactly two coders, over the units both rated; chance from each coder's own
 *   marginals (Cohen 1960).
 * - Krippendorff's alpha, nominal: any number of coders, missing values allowed, units with a single
 *   value left out (they cannot be paired), computed from the coincidence matrix's diagonal
 *   (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 *     α = ((n − 1) · Σ_c o_cc − Σ_c n_c (n_c − 1)) / (n (n − 1) − Σ_c n_c (n_c − 1))
 *   with o_cc = Σ_u m_uc (m_uc − 1) / (m_u − 1) and n_c = Σ_u m_uc over pairable units.
 *
 * A coefficient that is undefined (nothing to pair; only one category ever used, so chance
 * agreement is already perfect) is null rather than NaN or a made-up 1, so a UI shows "—".
 */
import type { Ratings } from './ratings';

export interface Agreement {
  percentAgreement: number | null;
  /** null unless the ratings have exactly two coders. */
  cohenKappa: number | null;
  krippendorffAlpha: number | null;
  /** Units with at least two values (the ones every coefficient is computed from). */
  pairableUnits: number;
  /** Values in those units. */
  pairableValues: number;
}

/**
 * Calls `visit(m, counts, touched)` for each unit with m ≥ 2 values: `counts[c]` is how many of them
 * are category c, and `touched[1..touched[0]]` lists the categories present (so clearing is O(m)).
 */
function forEachPairableUnit(r: Ratings, visit: (m: number, counts: Int32Array, touched: Int32Array) => void): void {
  const counts = new Int32Array(r.categories.length);
  const touched = new Int32Array(r.categories.length + 1); // touched[0] = how many categories follow
  for (let u = 0; u + 1 < r.unitStart.length; u++) {
    let m = 0;
    touched[0] = 0;
    for (let p = r.unitStart[u]; p < r.unitStart[u + 1]; p++) {
      const v = r.value[p];
      if (v < 0) continue;
      if (counts[v]++ === 0) touched[++touched[0]] = v;
      m++;
    }
    if (m >= 2) visit(m, counts, touched);
    for (let t = 1; t <= touched[0]; t++) counts[touched[t]] = 0;
  }
}

export function percentAgreement(r: Ratings): number | null {
  let sum = 0;
  let units = 0;
  forEachPairableUnit(r, (m, counts, touched) => {
    let agreeing = 0;
    for (let t = 1; t <= touched[0]; t++) agreeing += counts[touched[t]] * (counts[touched[t]] - 1);
    sum += agreeing / (m * (m - 1));
    units++;
  });
  return units === 0 ? null : sum / units;
}

export function krippendorffAlpha(r: Ratings): number | null {
  const nc = new Float64Array(r.categories.length);
  let diagonal = 0;
  let n = 0;
  forEachPairableUnit(r, (m, counts, touched) => {
    for (let t = 1; t <= touched[0]; t++) {
      const c = touched[t];
      diagonal += (counts[c] * (counts[c] - 1)) / (m - 1);
      nc[c] += counts[c];
    }
    n += m;
  });
  let expectedSame = 0;
  for (let c = 0; c < nc.length; c++) expectedSame += nc[c] * (nc[c] - 1);
  const denominator = n * (n - 1) - expectedSame;
  if (n < 2 || denominator === 0) return null;
  return ((n - 1) * diagonal - expectedSame) / denominator;
}

/**
 * Cohen's kappa between two coders (by index; default the only two). null when the ratings do not
 * have exactly two coders and none are named, when they share no unit, or when chance agreement is 1.
 */
export function cohenKappa(r: Ratings, coders?: [number, number]): number | null {
  if (!coders && r.coders.length !== 2) return null;
  const [a, b] = coders ?? [0, 1];
  const k = r.categories.length;
  const ma = new Float64Array(k);
  const mb = new Float64Array(k);
  let n = 0;
  let agree = 0;
  for (let u = 0; u + 1 < r.unitStart.length; u++) {
    let va = -1;
    let vb = -1;
    for (let p = r.unitStart[u]; p < r.unitStart[u + 1]; p++) {
      if (r.coder[p] === a) va = r.value[p];
      else if (r.coder[p] === b) vb = r.value[p];
    }
    if (va < 0 || vb < 0) continue;
    n++;
    ma[va]++;
    mb[vb]++;
    if (va === vb) agree++;
  }
  if (n === 0) return null;
  let chance = 0;
  for (let c = 0; c < k; c++) chance += (ma[c] / n) * (mb[c] / n);
  if (chance >= 1) return null;
  return (agree / n - chance) / (1 - chance);
}

export function measureAgreement(r: Ratings): Agreement {
  let pairableUnits = 0;
  let pairableValues = 0;
  forEachPairableUnit(r, (m) => {
    pairableUnits++;
    pairableValues += m;
  });
  return {
    percentAgreement: percentAgreement(r),
    cohenKappa: cohenKappa(r),
    krippendorffAlpha: krippendorffAlpha(r),
    pairableUnits,
    pairableValues,
  };
}
