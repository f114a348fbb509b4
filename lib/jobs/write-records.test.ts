import { describe, expect, it } from 'vitest';
import type { RolloutRow } from '../db/rollout-row';
import { writeRecords } from './write-records';

/** A writer that reports the rows whose first cell is in `stored` as duplicates. */
function fakeWriter(stored: Set<string>) {
  const calls: number[] = [];
  const write = (rows: RolloutRow[]) => {
    calls.push(rows.length);
    const duplicates = rows.filter((r) => stored.has(String(r[0]))).length;
    return { inserted: rows.length - duplicates, duplicates };
  };
  return { write, calls };
}
const rows = (...ids: string[]) => ids.map((id) => [id] as unknown as RolloutRow);

describe('writeRecords', () => {
  it('writes one-rollout records in one call', () => {
    const w = fakeWriter(new Set(['b']));
    expect(writeRecords({ rows: rows('a', 'b', 'c'), records: [0, 1, 2] }, w.write)).toEqual({
      imported: 2,
      duplicates: 1,
      rollouts: 2,
    });
    expect(w.calls).toEqual([3]);
  });

  it('counts a pair once: imported when any side is new, duplicate when both were stored', () => {
    const w = fakeWriter(new Set(['1c', '2c', '2r']));
    const batch = { rows: rows('0c', '0r', '1c', '1r', '2c', '2r'), records: [0, 0, 1, 1, 2, 2] };
    expect(writeRecords(batch, w.write)).toEqual({ imported: 2, duplicates: 1, rollouts: 3 });
    expect(w.calls).toEqual([2, 2, 2]);
  });
});
