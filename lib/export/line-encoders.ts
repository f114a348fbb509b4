/**
 * The writers that are one JSONL line per rollout, by their pure line encoders: a large export of
 * these formats is encoded in batches, on worker threads when it pays (lib/jobs/encode-stored.ts).
 * Kept apart from writers.ts so a worker loads these encoders and not every writer. Every item
 * carries a label (true unless the export is kto).
 */
import type { ConversationOptions } from './conversation';
import type { LineEncoder } from './jsonl';
import { encodeKto } from './kto';
import { encodeOpenAiChat, type OpenAiChatOptions } from './openai-chat';
import { encodeRolloutsJsonl } from './rollouts-jsonl';
import type { LabelledItem } from './types';

export type LineEncoderOptions = OpenAiChatOptions & ConversationOptions;

export const lineEncoders: Record<
  'openai-chat' | 'rollouts-jsonl' | 'kto',
  LineEncoder<LabelledItem, LineEncoderOptions>
> = {
  'openai-chat': encodeOpenAiChat,
  'rollouts-jsonl': encodeRolloutsJsonl,
  kto: encodeKto,
};

export type LineFormat = keyof typeof lineEncoders;
