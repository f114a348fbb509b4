/** Format id → writer, grouped by the item type each writer takes. */
import type { ConversationOptions } from './conversation';
import { writeDpoPairs } from './dpo-pairs';
import type { ExportFormatId } from './formats';
import { encodeKto, writeKto } from './kto';
import { encodeOpenAiChat, writeOpenAiChat, type OpenAiChatOptions } from './openai-chat';
import { writeOpenAiDpo } from './openai-dpo';
import { encodeRolloutsJsonl, writeRolloutsJsonl } from './rollouts-jsonl';
import { writeSftJson, type SftJsonOptions } from './sft-json';
import { writeTrlPreference } from './trl-preference';
import type { LineEncoder } from './jsonl';
import type { ExportWriter, LabelledItem, PairItem, RolloutItem } from './types';
import { writeVerlRlParquet, type VerlRlOptions } from './verl-rl';
import { writeVerlSftCsv, writeVerlSftParquet, type VerlSftOptions } from './verl-sft';

/** Every option any writer reads; each writer ignores the ones it does not know. */
export type AnyExportOptions = OpenAiChatOptions & SftJsonOptions & VerlSftOptions & VerlRlOptions & ConversationOptions;

export const rolloutWriters: Record<'openai-chat' | 'sft-json' | 'verl-sft-parquet' | 'verl-sft-csv' | 'verl-rl-parquet' | 'rollouts-jsonl', ExportWriter<RolloutItem, AnyExportOptions>> = {
  'openai-chat': writeOpenAiChat,
  'sft-json': writeSftJson,
  'verl-sft-parquet': writeVerlSftParquet,
  'verl-sft-csv': writeVerlSftCsv,
  'verl-rl-parquet': writeVerlRlParquet,
  'rollouts-jsonl': writeRolloutsJsonl,
};

export const pairWriters: Record<'dpo-pairs' | 'trl-preference' | 'openai-dpo', ExportWriter<PairItem, AnyExportOptions>> = {
  'dpo-pairs': writeDpoPairs,
  'trl-preference': writeTrlPreference,
  'openai-dpo': writeOpenAiDpo,
};

export const labelledWriters: Record<'kto', ExportWriter<LabelledItem, AnyExportOptions>> = { kto: writeKto };

/**
 * The writers above that are one JSONL line per rollout, by their pure line encoders: a large
 * export of these formats encodes on worker threads (lib/jobs/export-workers.ts). Every item
 * carries a label (true unless the export is kto).
 */
export const lineEncoders: Record<'openai-chat' | 'rollouts-jsonl' | 'kto', LineEncoder<LabelledItem, AnyExportOptions>> = {
  'openai-chat': encodeOpenAiChat,
  'rollouts-jsonl': encodeRolloutsJsonl,
  kto: encodeKto,
};

// Compile-time check that every format id has exactly one writer.
const _all: Record<ExportFormatId, unknown> = { ...rolloutWriters, ...pairWriters, ...labelledWriters };
void _all;
