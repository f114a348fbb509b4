/**
 * `verl-rl-parquet`: prompts for verl PPO/GRPO (RLHFDataset), one file per split:
 *   data_source, prompt list<struct{role, content}>, ability, reward_model{ground_truth, style:'rule'},
 *   extra_info{index, split, task_id, prompt_key}
 * Prompt-only: the rollouts' responses are what verl generates itself. Rows are deduplicated by
 * promptKey across the whole export (first occurrence wins, later ones count as
 * 'duplicate-prompt'), since GRPO groups several rollouts of one prompt. With a ground-truth field
 * (VerlOptions.groundTruthField), a prompt whose rollout lacks that field is skipped as
 * 'no-ground-truth': a rule-based reward cannot score it.
 */
import { promptAndCompletion, type ConversationOptions } from './conversation';
import { assertSplitName, drive } from './drive';
import { ParquetFile } from './parquet-file';
import type { ExportWriter, RolloutItem } from './types';
import { commonColumns, roleContent, VERL_RL_COLUMNS, type VerlOptions } from './verl-rows';

export interface VerlRlOptions extends ConversationOptions, VerlOptions {
  rowGroupSize?: number;
}

export const writeVerlRlParquet: ExportWriter<RolloutItem, VerlRlOptions> = (args) => {
  const opts = args.options ?? {};
  const seen = new Set<string>();
  const sinks = new Map<string, Promise<ParquetFile>>();
  return drive(
    args,
    async ({ rollout, split }, { files, skip }) => {
      assertSplitName(split);
      if (seen.has(rollout.promptKey)) return skip.add('duplicate-prompt');
      const { prompt } = promptAndCompletion(rollout, opts);
      if (prompt.length === 0) return skip.add('empty-prompt');
      const common = commonColumns(rollout, opts);
      // A rule reward needs the answer: with a ground-truth field, a prompt without it is not written.
      if (common.groundTruth === null) return skip.add('no-ground-truth');
      seen.add(rollout.promptKey);
      let sink = sinks.get(split);
      if (!sink) {
        sink = files.get(`${split}.parquet`, split).then((f) => new ParquetFile(f, VERL_RL_COLUMNS, opts.rowGroupSize));
        sinks.set(split, sink);
      }
      const pq = await sink;
      await pq.push({
        data_source: common.data_source,
        prompt: roleContent(prompt),
        ability: common.ability,
        reward_model: common.reward_model,
        extra_info: { index: BigInt(pq.file.rows), split, task_id: rollout.taskId, prompt_key: rollout.promptKey },
      });
    },
    async () => {
      for (const s of sinks.values()) await (await s).close();
    },
  );
};
