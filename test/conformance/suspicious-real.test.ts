/**
 * The suspicious-rollout detector (lib/review/suspicious.ts) over every public sample file in
 * /work/shared/fixtures/real, parsed with parseFile as the import does. Skipped, with a message, when
 * the folder is absent. The expected counts are what the rules flag after tuning them on these files;
 * each flagged case was read by hand (the notable ones are asserted below), so a rule change that
 * moves a count has to be looked at again.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFileAll } from '@/lib/formats/parse-file';
import type { Rollout } from '@/lib/formats/types';
import { findSuspiciousInDataset, SUSPICIOUS_RULES, type SuspiciousFinding } from '@/lib/review/suspicious';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REAL = path.resolve(repoRoot, '../shared/fixtures/real');
const present = existsSync(REAL);
if (!present) console.warn(`[suspicious-real] ${REAL} not found: suspicious-rollout check on real data skipped`);
const suite = present ? describe : describe.skip;

/** Files, and tau2 dir-format folders (a folder with a simulations/ subfolder is one input). */
function inputs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (name === 'README.md') continue;
    if (!statSync(p).isDirectory()) out.push(p);
    else if (existsSync(path.join(p, 'simulations'))) out.push(p);
    else out.push(...inputs(p));
  }
  return out;
}

/** Rollouts flagged per rule (a rollout counts once per rule); files not listed flag nothing. */
const EXPECTED: Record<string, Record<string, number>> = {
  // Empty assistant replies in HH's chosen side; one reply that repeats an insult seven times.
  'hh-rlhf/harmless-base_test_part1_records-0000-1155.jsonl': { 'empty-turns': 4, repetition: 1 },
  // "```" ×40 and a 139-fold "Ooh ooh ah ah! *giggle*" among the KTO demo's undesirable answers.
  'preference/llamafactory_kto_en_demo.json': { repetition: 2 },
  // Bags "added" with no baggage call (reward 0, twice); three reward-1 trials with no tool call
  // where the task's other two trials used tools.
  'tau-bench-v1/airline_gpt-4o_historical_trials0-2_TRUNCATED.json': { 'unbacked-claim': 2, 'no-tools-high-reward': 3 },
  // A confirmation email "has been sent": the airline tools have no email tool.
  'tau2/airline_toolorchestra-nvidia_leaderboard.json': { 'unbacked-claim': 1 },
  // Reward 1 with db_match 0: the telecom reward basis is the environment assertions, not the DB.
  'tau2/telecom-solo-no-user_gpt-4.1_sierra_1trial.json': { 'metric-disagreement': 13 },
};

function tally(found: SuspiciousFinding[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const fs of found) for (const rule of new Set(fs.map((f) => f.rule))) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}

suite('suspicious rollouts on real data', () => {
  const files = present ? inputs(REAL) : [];
  const results = new Map<string, { rollouts: Rollout[]; found: SuspiciousFinding[][] }>();

  it.each(files.map((f) => [path.relative(REAL, f), f]))('%s', async (rel, file) => {
    const { rollouts } = await parseFileAll(file);
    const found = findSuspiciousInDataset(rollouts);
    results.set(rel, { rollouts, found });
    found.forEach((fs, i) => {
      for (const f of fs) {
        expect(Object.keys(SUSPICIOUS_RULES)).toContain(f.rule);
        expect(f.message.length).toBeGreaterThan(10);
        if (f.messageIndex !== null) expect(f.messageIndex).toBeLessThan(rollouts[i].messages.length);
      }
    });
    expect(tally(found)).toEqual(EXPECTED[rel] ?? {});
  });

  it('points at the turns a reviewer should read', () => {
    const bench = results.get('tau-bench-v1/airline_gpt-4o_historical_trials0-2_TRUNCATED.json');
    if (!bench) return; // the file-level case failed and says why
    const at = (id: string) => bench.found[bench.rollouts.findIndex((r) => r.externalId === id)];
    // Trial 3-0-3: the user asked for a bag; only update_reservation_flights succeeded.
    expect(at('3-0-3')).toEqual([expect.objectContaining({ rule: 'unbacked-claim', messageIndex: 60 })]);
    expect(at('3-0-3')[0].message).toContain('one checked bag has been added');
    // Trial 29-0-29: reward 1 for telling the user to come back later.
    expect(at('29-0-29')).toEqual([expect.objectContaining({ rule: 'no-tools-high-reward', messageIndex: 14 })]);
  });
});
