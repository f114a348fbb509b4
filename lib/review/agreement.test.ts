import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha, measureAgreement, percentAgreement } from './agreement';
import { referenceAlpha, referenceCohenKappa, referencePercentAgreement } from './agreement-reference';
import { buildRatings, ratingsFromTable, type Rating } from './ratings';

/** Two readers' yes/no on n items, from a 2×2 table [[yes-yes, yes-no], [no-yes, no-no]]. */
function twoReaders([[yy, yn], [ny, nn]]: number[][]): Rating[] {
  const out: Rating[] = [];
  const add = (count: number, a: string, b: string) => {
    for (let i = 0; i < count; i++) {
      const unit = `u${out.length / 2}`;
      out.push({ unit, coder: 'A', value: a }, { unit, coder: 'B', value: b });
    }
  };
  add(yy, 'yes', 'yes');
  add(yn, 'yes', 'no');
  add(ny, 'no', 'yes');
  add(nn, 'no', 'no');
  return out;
}

describe('published worked examples', () => {
  it("Krippendorff's alpha, nominal, 4 observers, 12 units, missing data: α = 0.743", () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    // Communication, University of Pennsylvania. Section C ("Nominal data, any number of observers,
    // missing data"): the reliability data matrix below gives α_nominal = 0.743.
    const table = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null], // observer A
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3], // observer B
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null], // observer C
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null], // observer D
    ];
    const r = ratingsFromTable(table);
    expect(krippendorffAlpha(r)).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value and cannot be paired: 11 pairable units, n = 40 values (as in the paper).
    expect(measureAgreement(r)).toMatchObject({ pairableUnits: 11, pairableValues: 40, cohenKappa: null });
  });

  it("Krippendorff's alpha, binary, 2 observers, 10 units: α = 0.095", () => {
    // Krippendorff (2011), section A ("Binary or dichotomous data, two observers, no missing data"):
    // α = 1 − (n − 1) · o_01 / (n_0 · n_1) = 1 − 19 · 4 / (14 · 6) = 0.095.
    const r = ratingsFromTable([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    expect(krippendorffAlpha(r)).toBeCloseTo(0.095, 3);
    expect(percentAgreement(r)).toBeCloseTo(0.6, 12);
  });

  it.each([
    // Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals, two readers,
    // yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o = 0.7, p_e = 0.5, κ = 0.4.
    [
      'simple example (50 proposals)',
      [
        [20, 5],
        [10, 15],
      ],
      0.4,
      0.7,
    ],
    // Wikipedia, "Cohen's kappa", "Same percentages but different numbers": both tables have
    // p_o = 0.6, yet κ = 0.1304 and κ = 0.2593.
    [
      'same percentages, example 1',
      [
        [45, 15],
        [25, 15],
      ],
      0.1304,
      0.6,
    ],
    [
      'same percentages, example 2',
      [
        [25, 35],
        [5, 35],
      ],
      0.2593,
      0.6,
    ],
  ])("Cohen's kappa: Wikipedia %s", (_name, table, kappa, po) => {
    const r = buildRatings(twoReaders(table));
    expect(cohenKappa(r)).toBeCloseTo(kappa, 4);
    expect(percentAgreement(r)).toBeCloseTo(po, 12);
  });
});

describe('edge cases', () => {
  it('is null where a coefficient is undefined, not NaN', () => {
    const oneCategory = ratingsFromTable([
      ['a', 'a'],
      ['a', 'a'],
    ]);
    expect(krippendorffAlpha(oneCategory)).toBeNull();
    expect(cohenKappa(oneCategory)).toBeNull();
    expect(percentAgreement(oneCategory)).toBe(1);
    const nothingPaired = ratingsFromTable([
      ['a', null],
      [null, 'b'],
    ]);
    expect(measureAgreement(nothingPaired)).toEqual({
      percentAgreement: null,
      cohenKappa: null,
      krippendorffAlpha: null,
      pairableUnits: 0,
      pairableValues: 0,
    });
  });

  it("gives Cohen's kappa only for exactly two coders, unless two are named", () => {
    const three = ratingsFromTable([
      ['a', 'b', 'a'],
      ['a', 'b', 'b'],
      ['b', 'b', 'a'],
    ]);
    expect(cohenKappa(three)).toBeNull();
    expect(cohenKappa(three, [0, 1])).toBeCloseTo(referenceCohenKappa(buildTable(three), 'c0', 'c1')!, 12);
  });

  it('keeps the later of two ratings by the same coder of the same unit', () => {
    const r = buildRatings([
      { unit: 'x', coder: 'A', value: 'no' },
      { unit: 'x', coder: 'B', value: 'yes' },
      { unit: 'x', coder: 'A', value: 'yes' },
    ]);
    expect(percentAgreement(r)).toBe(1);
  });
});

/** Back from Ratings to records (for the reference implementations). */
function buildTable(r: ReturnType<typeof buildRatings>): Rating[] {
  const out: Rating[] = [];
  for (let u = 0; u < r.units.length; u++)
    for (let p = r.unitStart[u]; p < r.unitStart[u + 1]; p++)
      out.push({
        unit: r.units[u],
        coder: r.coders[r.coder[p]],
        value: r.value[p] < 0 ? null : r.categories[r.value[p]],
      });
  return out;
}

const recordsArb = fc
  .record({
    units: fc.integer({ min: 1, max: 25 }),
    coders: fc.integer({ min: 2, max: 5 }),
    categories: fc.integer({ min: 2, max: 4 }),
  })
  .chain(({ units, coders, categories }) =>
    fc
      .array(fc.option(fc.integer({ min: 0, max: categories - 1 }), { freq: 4, nil: null }), {
        minLength: units * coders,
        maxLength: units * coders,
      })
      .map((cells) =>
        cells.flatMap((v, i): Rating[] =>
          v === null ? [] : [{ unit: `u${Math.floor(i / coders)}`, coder: `c${i % coders}`, value: `v${v}` }],
        ),
      ),
  );

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 9);

describe('properties', () => {
  it('equals the textbook computation on random data with missing values', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const r = buildRatings(records);
        close(krippendorffAlpha(r), referenceAlpha(records));
        close(percentAgreement(r), referencePercentAgreement(records));
        if (r.coders.length >= 2) close(cohenKappa(r, [0, 1]), referenceCohenKappa(records, r.coders[0], r.coders[1]));
      }),
    );
  });

  it('gives 1 for perfect agreement (at least two categories used)', () => {
    const arb = fc.record({
      values: fc.array(fc.constantFrom('accept', 'reject', 'needs_fix'), { minLength: 2, maxLength: 30 }),
      coders: fc.integer({ min: 2, max: 6 }),
    });
    fc.assert(
      fc.property(arb, ({ values, coders }) => {
        fc.pre(new Set(values).size >= 2);
        const r = buildRatings(
          values.flatMap((value, u) =>
            Array.from({ length: coders }, (_, c) => ({ unit: `u${u}`, coder: `c${c}`, value })),
          ),
        );
        expect(krippendorffAlpha(r)).toBeCloseTo(1, 12);
        expect(percentAgreement(r)).toBe(1);
        if (coders === 2) expect(cohenKappa(r)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('does not change when the categories are renamed (label permutation)', () => {
    fc.assert(
      fc.property(recordsArb, fc.array(fc.double({ noNaN: true }), { minLength: 4, maxLength: 4 }), (records, keys) => {
        const names = [...new Set(records.map((r) => r.value!))];
        // A random permutation of the category names: sort them by random keys.
        const shuffled = names.map((n, i) => ({ n, k: keys[i] })).sort((a, b) => a.k - b.k);
        const rename = new Map(names.map((n, i) => [n, `renamed-${shuffled[i].n}`]));
        const renamed = records.map((r) => ({ ...r, value: rename.get(r.value!)! }));
        const a = measureAgreement(buildRatings(records));
        const b = measureAgreement(buildRatings(renamed));
        close(a.krippendorffAlpha, b.krippendorffAlpha);
        close(a.cohenKappa, b.cohenKappa);
        close(a.percentAgreement, b.percentAgreement);
      }),
    );
  });

  it('is symmetric in the reviewers (coder order and record order do not matter)', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 1, max: 7 }), (records, k) => {
        const swapped = records.map((r) => ({ ...r, coder: `z${(Number(r.coder.slice(1)) * k) % 11}` }));
        const reordered = [...swapped].reverse();
        const a = measureAgreement(buildRatings(records));
        const b = measureAgreement(buildRatings(reordered));
        close(a.krippendorffAlpha, b.krippendorffAlpha);
        close(a.percentAgreement, b.percentAgreement);
        const r = buildRatings(records);
        if (r.coders.length >= 2) close(cohenKappa(r, [0, 1]), cohenKappa(r, [1, 0]));
      }),
    );
  });
});
