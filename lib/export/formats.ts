/**
 * The export targets, for `sift export --list`, the UI's format picker and the manifest's `format`.
 * Writers are looked up by id in writers.ts; this file stays free of node imports so the browser
 * can show the list.
 */
export const EXPORT_FORMAT_IDS = [
  'openai-chat',
  'sft-json',
  'verl-sft-parquet',
  'verl-sft-csv',
  'dpo-pairs',
  'trl-preference',
  'openai-dpo',
  'kto',
  'verl-rl-parquet',
  'rollouts-jsonl',
] as const;

export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

/** Which item type a writer takes: sft/ppo = {rollout, split}, preference = pairs, kto = labelled. */
export type ExportKind = 'sft' | 'preference' | 'kto' | 'ppo';

export interface ExportFormatInfo {
  id: ExportFormatId;
  label: string;
  kind: ExportKind;
  extensions: string[];
  description: string;
}

export const exportFormats: readonly ExportFormatInfo[] = [
  {
    id: 'openai-chat',
    label: 'OpenAI chat JSONL',
    kind: 'sft',
    extensions: ['jsonl'],
    description:
      'OpenAI fine-tuning lines {messages, tools, parallel_tool_calls}, one file per split; also reads in TRL/HF SFT.',
  },
  {
    id: 'sft-json',
    label: 'tau2 SFT JSON',
    kind: 'sft',
    extensions: ['json'],
    description: 'tau2 prepare_dataset layout {splits:{train:[{messages, tools, task_id, simulation_id, reward}]}}.',
  },
  {
    id: 'verl-sft-parquet',
    label: 'verl SFT (parquet)',
    kind: 'sft',
    extensions: ['parquet'],
    description:
      'verl SFT parquet: multi-turn `messages` or single-turn prompt_data/response_data, with reward_model and extra_info.',
  },
  {
    id: 'verl-sft-csv',
    label: 'verl SFT (CSV)',
    kind: 'sft',
    extensions: ['csv'],
    description: 'The verl SFT columns as CSV; nested cells are JSON text.',
  },
  {
    id: 'dpo-pairs',
    label: 'DPO pairs (full rollouts)',
    kind: 'preference',
    extensions: ['jsonl'],
    description: 'NeMo-Gym guide style {chosen, rejected, reward_gap} with both rollouts as canonical JSON.',
  },
  {
    id: 'trl-preference',
    label: 'TRL preference',
    kind: 'preference',
    extensions: ['jsonl'],
    description:
      'TRL conversational {prompt, chosen, rejected, tools}: shared prefix as prompt, continuations as chosen/rejected.',
  },
  {
    id: 'openai-dpo',
    label: 'OpenAI DPO',
    kind: 'preference',
    extensions: ['jsonl'],
    description:
      'OpenAI DPO {input, preferred_output, non_preferred_output}: the first assistant turn where the pair diverges.',
  },
  {
    id: 'kto',
    label: 'TRL KTO (unpaired)',
    kind: 'kto',
    extensions: ['jsonl'],
    description: 'TRL unpaired {prompt, completion, label} with a desirable/undesirable label per rollout.',
  },
  {
    id: 'verl-rl-parquet',
    label: 'verl RL prompts (parquet)',
    kind: 'ppo',
    extensions: ['parquet'],
    description:
      'verl PPO/GRPO prompts: data_source, prompt, ability, reward_model, extra_info; one row per distinct prompt.',
  },
  {
    id: 'rollouts-jsonl',
    label: 'Rollouts with rewards (JSONL)',
    kind: 'ppo',
    extensions: ['jsonl'],
    description: 'Canonical rollouts {id, task_id, trial, messages, tools, reward, metrics}, one per line.',
  },
];

export function exportFormatInfo(id: string): ExportFormatInfo | undefined {
  return exportFormats.find((f) => f.id === id);
}
