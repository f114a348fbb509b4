/**
 * The scan over every real public file in /work/shared/fixtures/real (parsed with parseFile, as in
 * real-fixtures.test.ts). Each file's counts by kind were reviewed by eye: the hits are the
 * customers' emails and phone numbers of tau2 / tau-bench / NeMo-Gym tool results, emails and
 * phone numbers people typed in hh-rlhf, generated passwords in glaive's tool-call demo, and
 * 8.8.8.8 / 192.168.1.1 in questions about IP addresses. No file holds a provider key (the fixtures'
 * README: only `"api_key": "EMPTY"`, which the generic rule leaves). Skipped when the folder is absent.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFileAll } from '@/lib/formats/parse-file';
import { scanRollout, summarizeFindings } from '@/lib/scan';
import type { Finding } from '@/lib/scan';
import type { Rollout } from '@/lib/formats/types';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REAL = path.resolve(repoRoot, '../shared/fixtures/real');
const present = existsSync(REAL);
if (!present) console.warn(`[scan-real] ${REAL} not found: real-data scan suite skipped`);
const suite = present ? describe : describe.skip;

/** [file, rollouts, findings by kind] */
const EXPECTED: [string, number, Record<string, number>][] = [
  ['hh-rlhf/harmless-base_test_part1_records-0000-1155.jsonl', 2312, { email: 7, phone: 12 }],
  ['nemo-gym/aalcr__example_rollouts.jsonl', 5, { phone: 3 }],
  ['nemo-gym/bbq__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/competitive_coding_challenges__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/example_multi_step__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/example_tool_call_multireward__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/grl_sokoban__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/math_with_judge__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/multichallenge__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/swebench__example_rollouts.jsonl', 5, {}],
  ['nemo-gym/tau2-agent__example_rollouts.jsonl', 5, { email: 5, phone: 22 }],
  ['nemo-gym/workplace_assistant__example_rollouts.jsonl', 5, { email: 4 }],
  ['openai-chat-ft/azure-foundry_rft-prompt-only_toolcall_train.jsonl', 10, {}],
  ['openai-chat-ft/azure-foundry_stock_toolcall_training.jsonl', 86, {}],
  ['openai-chat-ft/azure-foundry_stock_toolcall_validation.jsonl', 10, {}],
  ['openai-chat-ft/azure-foundry_zava-retail_sft_test.jsonl', 103, { email: 202 }],
  ['openai-chat-ft/tau2_sft-v1-small_train.jsonl', 37, { email: 57, phone: 82 }],
  ['openai-chat-ft/xtuner_openai_sft_BARE-LIST-PER-LINE.jsonl', 128, {}],
  ['preference/azure-foundry_openai-dpo_orca_dpo_pairs_validation.jsonl', 568, {}],
  ['preference/llamafactory_kto_en_demo.json', 300, { email: 1 }],
  ['preference/llamafactory_sharegpt-dpo_en_demo.json', 600, { email: 5, phone: 1 }],
  ['sharegpt/fastchat_dummy_conversation.json', 500, {}],
  ['sharegpt/llamafactory_glaive_toolcall_en_demo.json', 300, { generic_secret: 17, email: 25 }],
  ['sharegpt/llamafactory_v1-typed-parts_reason_tool_use_demo_50.jsonl', 50, { email: 15, ip_address: 3 }],
  ['tau-bench-v1/airline_gpt-4o_historical_trials0-2_TRUNCATED.json', 150, { email: 93 }],
  ['tau-bench-v1/error-only-record_deepseek-v3_pr55.json', 0, {}],
  ['tau2/airline_claude-opus-4-6_ironshell_44sims-50tasks.json', 44, { email: 43 }],
  ['tau2/airline_gpt-4.1_sierra_1trial.json', 20, { email: 15 }],
  ['tau2/airline_toolorchestra-nvidia_leaderboard.json', 50, { email: 50 }],
  ['tau2/medical-triage_adaptive-agent_nonstandard-wrapper.json', 69, { phone: 6 }],
  ['tau2/mock_gpt-4.1-mini_e2e_1sim.json', 1, {}],
  ['tau2/retail_gpt-4.1_sierra_1trial.json', 40, { email: 61 }],
  ['tau2/telecom-solo-no-user_gpt-4.1_sierra_1trial.json', 40, { phone: 327, email: 40, ip_address: 3 }],
  ['tau2/voice-dir-format-retail', 0, {}],
  ['verl-rl/ragen_sokoban_train.parquet', 300, {}],
  ['verl-rl/verl_gsm8k-plain_test.parquet', 1319, {}],
  ['verl-rl/verl_gsm8k-tool-agent_test.parquet', 1319, {}],
  ['verl-rl/xtuner_grpo_rollout_output.jsonl', 32, {}],
];

/** The passwords glaive's demo generates and hands to users; the only secrets in the fixtures. */
const REVIEWED_SECRETS = new Set(['aB3#fG7!kL9@', 'a9B7$#fG3&Z1', 'password123', 'A1b2C3d4E5f6', 'aBcD1234EfGh']);

/** Look-alikes that must never be reported, whatever rule fired. */
const LOOK_ALIKES = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i, // commit id, sha256
  /^#?W\d{7}$/, // tau2 order number
  /^\d{4}-\d{2}-\d{2}/, // ISO date / timestamp
];

function matchedText(r: Rollout, f: Finding): string {
  if (f.messageIndex < 0) return '';
  const m = r.messages[f.messageIndex];
  const s =
    f.field === 'reasoning'
      ? m.reasoning
      : f.field === 'arguments'
        ? m.tool_calls![f.call!].arguments
        : f.part !== undefined && Array.isArray(m.content)
          ? (m.content[f.part] as { text: string }).text
          : (m.content as string);
  return (s ?? '').slice(f.start, f.end);
}

suite('scan: real fixtures', () => {
  it('the table covers every file', () => {
    const files = readdirSync(REAL)
      .filter((d) => statSync(path.join(REAL, d)).isDirectory())
      .flatMap((d) => readdirSync(path.join(REAL, d)).map((f) => `${d}/${f}`));
    expect(EXPECTED.map((e) => e[0]).sort()).toEqual(files.sort());
  });

  it.each(EXPECTED)('%s: %i rollouts, findings by kind as reviewed', async (file, n, byKind) => {
    const { rollouts } = await parseFileAll(path.join(REAL, file));
    const found = rollouts.map((r) => scanRollout(r));
    const s = summarizeFindings(found);
    expect(rollouts.length).toBe(n);
    expect({ ...s.secrets.byKind, ...s.personal.byKind }).toEqual(byKind);
    rollouts.forEach((r, i) =>
      found[i].forEach((f) => {
        const text = matchedText(r, f);
        for (const re of LOOK_ALIKES) expect(text).not.toMatch(re);
        if (f.category === 'secret') expect(REVIEWED_SECRETS.has(text)).toBe(true);
      }),
    );
  });
});
