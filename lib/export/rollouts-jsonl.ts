/**
 * `rollouts-jsonl`: rollouts with their rewards as canonical JSON, one per line, one file per split
 * (`<split>.jsonl`): {id, task_id, trial, messages, tools, reward, metrics}. For PPO/GRPO tooling
 * that wants whole trajectories rather than prompts; nothing is trimmed or projected.
 */
import { canonicalRecordJson } from './canonical-record';
import { jsonlWriter, type LineEncoder } from './jsonl';
import type { ExportWriter, RolloutItem } from './types';

export const encodeRolloutsJsonl: LineEncoder<RolloutItem, unknown> = ({ rollout, split }) => ({
  split,
  line: canonicalRecordJson(rollout) + '\n',
});

export const writeRolloutsJsonl: ExportWriter<RolloutItem> = jsonlWriter(encodeRolloutsJsonl);
