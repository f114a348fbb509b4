import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tau2Rollout } from '../../test/fixtures/export/rollouts';
import { parseFileAll } from '../formats/parse-file';
import { openAiChatLine } from './openai-chat';
import { buildTau2SystemPrompt } from './tau2-system-prompt';

const REAL = path.resolve(import.meta.dirname, '../../../shared/fixtures/real');
const TAU2_AIRLINE = `${REAL}/tau2/airline_gpt-4.1_sierra_1trial.json`;
const SFT_FILE = `${REAL}/openai-chat-ft/tau2_sft-v1-small_train.jsonl`;
const haveReal = existsSync(TAU2_AIRLINE) && existsSync(SFT_FILE);

/** The airline system message of tau2's own SFT file (the one whose policy starts "# Airline"). */
function expectedAirlineSystem(): string {
  for (const line of readFileSync(SFT_FILE, 'utf8').split('\n')) {
    if (!line) continue;
    const sys = JSON.parse(line).messages[0].content as string;
    if (sys.includes('<policy>\n# Airline Agent Policy')) return sys;
  }
  throw new Error('no airline record in the SFT file');
}

describe('tau2 system prompt', () => {
  it('wraps the policy in the instructions block', () => {
    expect(buildTau2SystemPrompt('P\n')).toMatch(
      /^<instructions>\nYou are a customer service agent[\s\S]*valid JSON only\.\n<\/instructions>\n<policy>\nP\n\n<\/policy>$/,
    );
  });

  it('replaces the plain policy of a tau2 rollout and leaves other rollouts alone', () => {
    const line = openAiChatLine(tau2Rollout('POLICY'))!;
    expect(line.messages[0]).toEqual({ role: 'system', content: buildTau2SystemPrompt('POLICY') });
    expect(openAiChatLine(tau2Rollout('POLICY'), { systemPrompt: 'data' })!.messages[0].content).toBe('POLICY');
  });

  it.skipIf(!haveReal)('reproduces tau2 SFT data byte for byte from the raw policy', () => {
    const raw = JSON.parse(readFileSync(TAU2_AIRLINE, 'utf8'));
    expect(buildTau2SystemPrompt(raw.info.environment_info.policy)).toBe(expectedAirlineSystem());
  });

  it.skipIf(!haveReal)(
    'exporting the tau2 airline results through the importer gives that system message',
    async () => {
      const { rollouts } = await parseFileAll(TAU2_AIRLINE, { format: 'tau2' });
      expect(rollouts).toHaveLength(20);
      const expected = expectedAirlineSystem();
      for (const r of rollouts) expect(openAiChatLine(r)!.messages[0]).toEqual({ role: 'system', content: expected });
    },
  );
});
