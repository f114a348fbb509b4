/** Format id → writer, grouped by the item type each writer takes. */
import type { ConversationOptions } from './conversation';
import { writeDpoPairs } from './dpo-pairs';
import type { ExportFormatId } from './formats';
import { writeKto } from './kto';
import { writeOpenAiChat, type OpenAiChatOptions } from './openai-chat';
import { writeOpenAiDpo } from './openai-dpo';
import { writeRolloutsJsonl } from './rollouts-jsonl';
import { writeSftJson, type SftJsonOptions } from './sft-json';
import { writeTrlPreference } from './trl-preference';
import type { ExportWriter, LabelledItem, PairItem, RolloutItem } from './types';
import { writeVerlRlParquet, type VerlRlOptions } from './verl-rl';
import { writeVerlSftCsv, writeVerlSftParquet, type VerlSftOptions } from './verl-sft';

/** Every option any writer reads; each writer ignores the ones it does not know. */
export type AnyExportOptions = OpenAiChatOptions &
  SftJsonOptions &
  VerlSftOptions &
  VerlRlOptions &
  ConversationOptions;

export const rolloutWriters: Record<
  'openai-chat' | 'sft-json' | 'verl-sft-parquet' | 'verl-sft-csv' | 'verl-rl-parquet' | 'rollouts-jsonl',
  ExportWriter<RolloutItem, AnyExportOptions>
> = {
  'openai-chat': writeOpenAiChat,
  'sft-json': writeSftJson,
  'verl-sft-parquet': writeVerlSftParquet,
  'verl-sft-csv': writeVerlSftCsv,
  'verl-rl-parquet': writeVerlRlParquet,
  'rollouts-jsonl': writeRolloutsJsonl,
};

export const pairWriters: Record<
  'dpo-pairs' | 'trl-preference' | 'openai-dpo',
  ExportWriter<PairItem, AnyExportOptions>
> = {
  'dpo-pairs': writeDpoPairs,
  'trl-preference': writeTrlPreference,
  'openai-dpo': writeOpenAiDpo,
};

export const labelledWriters: Record<'kto', ExportWriter<LabelledItem, AnyExportOptions>> = { kto: writeKto };

export { lineEncoders, type LineFormat } from './line-encoders';

// Compile-time check that every format id has exactly one writer.
const _all: Record<ExportFormatId, unknown> = { ...rolloutWriters, ...pairWriters, ...labelledWriters };
void _all;
