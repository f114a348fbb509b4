/**
 * Real-data conformance: imports the public sample files of /work/shared/fixtures/real (see its
 * README for the counts asserted here) through parseFile. Skipped, with a message, when the folder
 * is absent (CI on a clean clone). Covers the formats of lib/formats part A; the other formats are
 * in real-fixtures-b.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFileAll } from '@/lib/formats/parse-file';
import { pairingProblems, rewardTally } from '@/lib/formats/test-helpers';
import type { Rollout } from '@/lib/formats/types';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REAL = path.resolve(repoRoot, '../shared/fixtures/real');
const present = existsSync(REAL);
if (!present) console.warn(`[real-fixtures] ${REAL} not found: real-data conformance suite skipped`);
const suite = present ? describe : describe.skip;

interface Case {
  file: string;
  format: string;
  read: number;
  rollouts: number;
  rewards: Record<string, number>;
  check?(rs: Rollout[]): void;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

const nemo = (file: string, rewards: Record<string, number>, check?: Case['check']): Case => ({
  file: `nemo-gym/${file}`,
  format: 'nemo-gym',
  read: 5,
  rollouts: 5,
  rewards,
  check,
});

const CASES: Case[] = [
  {
    file: 'tau2/airline_gpt-4.1_sierra_1trial.json',
    format: 'tau2',
    read: 20,
    rollouts: 20,
    rewards: { '1': 10, '0': 10 },
    check: (rs) => {
      expect(new Set(rs.map((r) => r.taskId)).size).toBe(20);
      expect(rs.every((r) => r.trial === 0 && r.messages[0].role === 'system')).toBe(true);
      expect(rs[0].meta).toMatchObject({ agentImplementation: 'llm_agent' });
      // an exporter can rebuild tau2's SFT system prompt from meta.policy, byte for byte
      const sft = JSON.parse(
        readFileSync(path.join(REAL, 'openai-chat-ft/tau2_sft-v1-small_train.jsonl'), 'utf8').split('\n')[0],
      );
      expect(sft.messages[0].content).toContain(`</instructions>\n<policy>\n${String(rs[0].meta?.policy)}\n</policy>`);
      expect(rs[0].messages[0].content).toBe(rs[0].meta?.policy);
    },
  },
  {
    file: 'tau2/retail_gpt-4.1_sierra_1trial.json',
    format: 'tau2',
    read: 40,
    rollouts: 40,
    rewards: { '1': 34, '0': 6 },
    check: (rs) =>
      expect(Math.max(...rs.flatMap((r) => r.messages.map((m) => m.tool_calls?.length ?? 0)))).toBeGreaterThanOrEqual(
        5,
      ),
  },
  {
    file: 'tau2/telecom-solo-no-user_gpt-4.1_sierra_1trial.json',
    format: 'tau2',
    read: 40,
    rollouts: 40,
    rewards: { '1': 20, '0': 20 },
    check: (rs) => {
      expect(rs.some((r) => r.messages.some((m) => m.role === 'user'))).toBe(false);
      expect(
        rs.every((r) => r.meta?.terminationReason === 'agent_stop' && r.meta?.agentImplementation === 'llm_agent_solo'),
      ).toBe(true);
    },
  },
  {
    file: 'tau2/airline_toolorchestra-nvidia_leaderboard.json',
    format: 'tau2',
    read: 50,
    rollouts: 50,
    rewards: { '1': 28, '0': 22 },
  },
  {
    file: 'tau2/airline_claude-opus-4-6_ironshell_44sims-50tasks.json',
    format: 'tau2',
    read: 44,
    rollouts: 44,
    rewards: { '1': 31, '0': 13 },
    check: (rs) => {
      const both = rs
        .flatMap((r) => r.messages)
        .filter((m) => m.role === 'assistant' && m.tool_calls && typeof m.content === 'string' && m.content !== '');
      expect(both.length).toBe(126);
    },
  },
  {
    file: 'tau2/medical-triage_adaptive-agent_nonstandard-wrapper.json',
    format: 'tau2',
    read: 70,
    rollouts: 69,
    rewards: { '1': 69 },
    check: (rs) => {
      expect(rs.every((r) => typeof r.messages[0].content === 'string' && r.messages[0].role === 'system')).toBe(true);
      expect(rs.flatMap((r) => r.messages).filter((m) => m.role === 'tool' && m.error).length).toBe(49);
    },
  },
  {
    file: 'tau2/mock_gpt-4.1-mini_e2e_1sim.json',
    format: 'tau2',
    read: 1,
    rollouts: 1,
    rewards: { '1': 1 },
    check: (rs) => expect(rs[0]).toMatchObject({ trial: null, taskId: expect.any(String) }),
  },
  { file: 'tau2/voice-dir-format-retail', format: 'tau2', read: 3, rollouts: 0, rewards: {} },
  {
    file: 'tau-bench-v1/airline_gpt-4o_historical_trials0-2_TRUNCATED.json',
    format: 'tau-bench-v1',
    read: 150,
    rollouts: 150,
    rewards: { '0': 87, '1': 63 },
    check: (rs) => {
      expect(new Set(rs.map((r) => r.taskId)).size).toBe(50);
      expect(new Set(rs.map((r) => r.trial))).toEqual(new Set([0, 1, 2]));
      expect(rs.filter((r) => r.meta?.rewardInfoMissing).length).toBe(3);
    },
  },
  {
    file: 'tau-bench-v1/error-only-record_deepseek-v3_pr55.json',
    format: 'tau-bench-v1',
    read: 1,
    rollouts: 0,
    rewards: {},
  },
  nemo('example_multi_step__example_rollouts.jsonl', { '1': 5 }, (rs) =>
    expect(rs.every((r) => 'accuracy' in r.metrics && 'set_overlap' in r.metrics)).toBe(true),
  ),
  nemo('workplace_assistant__example_rollouts.jsonl', { '1': 4, '0': 1 }, (rs) => expect(rs[0].tools.length).toBe(27)),
  nemo('math_with_judge__example_rollouts.jsonl', { '1': 3, '0': 2 }),
  nemo('aalcr__example_rollouts.jsonl', { '1': 3, '0': 2 }, (rs) => {
    expect(new Set(rs.map((r) => r.promptKey)).size).toBe(2);
  }),
  nemo('competitive_coding_challenges__example_rollouts.jsonl', { '0': 5 }, (rs) => {
    expect(rs.map((r) => r.trial).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(rs.map((r) => r.taskId))).toEqual(new Set(['0']));
  }),
  nemo('example_tool_call_multireward__example_rollouts.jsonl', { '2': 5 }, (rs) =>
    expect(rs[0].messages.some((m) => m.role === 'developer')).toBe(true),
  ),
  nemo('grl_sokoban__example_rollouts.jsonl', { '-2.0000000000000004': 4, '10': 1 }, (rs) =>
    expect(rs[0].messages.filter((m) => m.role === 'user').length).toBeGreaterThan(3),
  ),
  nemo('swebench__example_rollouts.jsonl', { '0': 4, '1': 1 }),
  nemo('bbq__example_rollouts.jsonl', { '1': 3, '0.5': 1, '0': 1 }),
  nemo('multichallenge__example_rollouts.jsonl', { null: 5 }, (rs) =>
    expect(rs.every((r) => r.promptLength === r.messages.length)).toBe(true),
  ),
  nemo('tau2-agent__example_rollouts.jsonl', { '1': 5 }, (rs) =>
    expect(rs.every((r) => r.trial !== null && r.taskId !== null)).toBe(true),
  ),
  {
    file: 'verl-rl/verl_gsm8k-plain_test.parquet',
    format: 'verl-parquet',
    read: 1319,
    rollouts: 1319,
    rewards: { null: 1319 },
    check: (rs) => expect(rs[0]).toMatchObject({ split: 'test', meta: { dataSource: 'openai/gsm8k' } }),
  },
  {
    file: 'verl-rl/verl_gsm8k-tool-agent_test.parquet',
    format: 'verl-parquet',
    read: 1319,
    rollouts: 1319,
    rewards: { null: 1319 },
    check: (rs) => expect(rs[0].messages.map((m) => m.role)).toEqual(['system', 'user']),
  },
  {
    file: 'verl-rl/ragen_sokoban_train.parquet',
    format: 'verl-parquet',
    read: 300,
    rollouts: 300,
    rewards: { null: 300 },
    check: (rs) => expect(rs[0].meta?.groundTruth).toEqual(expect.objectContaining({ target: expect.any(Number) })),
  },
  {
    file: 'verl-rl/xtuner_grpo_rollout_output.jsonl',
    format: 'rl-dump',
    read: 32,
    rollouts: 32,
    rewards: { '1': 31, '0': 1 },
    check: (rs) => {
      expect(new Set(rs.map((r) => r.promptKey)).size).toBe(4);
      expect(rs.every((r) => r.taskId === null)).toBe(true);
    },
  },
];

suite('real fixtures (part A formats)', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_f, c) => {
    const { rollouts, summary } = await parseFileAll(path.join(REAL, c.file));
    expect(summary).toMatchObject({ format: c.format, read: c.read, rollouts: c.rollouts });
    expect(rewardTally(rollouts)).toEqual(c.rewards);
    for (const r of rollouts) {
      expect(r.messages.every((m) => ROLES.has(m.role))).toBe(true);
      expect(pairingProblems(r.messages)).toEqual([]);
      expect(r.messages.flatMap((m) => m.tool_calls ?? []).every((t) => typeof t.arguments === 'string')).toBe(true);
      expect(r.promptKey).toMatch(/^[0-9a-f]{32}$/);
    }
    c.check?.(rollouts);
  });
});
