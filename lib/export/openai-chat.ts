/**
 * `openai-chat`: OpenAI chat fine-tuning JSONL, one file per split (`train.jsonl`, `test.jsonl`...),
 * one line per rollout: {messages, tools, parallel_tool_calls}. See conversation.ts and
 * openai-messages.ts for how turns are shaped. `tools`/`parallel_tool_calls` are left out of a line
 * whose rollout has no tools, as in OpenAI's plain chat examples.
 */
import type { Rollout } from '../formats/types';
import { sftConversation, type ConversationOptions } from './conversation';
import { jsonlWriter, type LineEncoder } from './jsonl';
import type { OpenAiMessage } from './openai-messages';
import { toolsOut } from './tools';
import type { ExportWriter, RolloutItem } from './types';

export interface OpenAiChatOptions extends ConversationOptions {
  /** Written on lines that have tools. Default true (what tau2's SFT files use). */
  parallelToolCalls?: boolean;
}

export interface OpenAiChatLine {
  messages: OpenAiMessage[];
  tools?: ReturnType<typeof toolsOut>;
  parallel_tool_calls?: boolean;
}

/** The line for one rollout, or null when it has no assistant turn. */
export function openAiChatLine(rollout: Rollout, opts: OpenAiChatOptions = {}): OpenAiChatLine | null {
  const messages = sftConversation(rollout, opts);
  if (!messages) return null;
  const line: OpenAiChatLine = { messages };
  if (rollout.tools.length > 0) {
    line.tools = toolsOut(rollout.tools);
    line.parallel_tool_calls = opts.parallelToolCalls ?? true;
  }
  return line;
}

export const encodeOpenAiChat: LineEncoder<RolloutItem, OpenAiChatOptions> = ({ rollout, split }, options) => {
  const line = openAiChatLine(rollout, options);
  return line ? { split, line: JSON.stringify(line) + '\n' } : { skip: 'no-assistant-turn' };
};

export const writeOpenAiChat: ExportWriter<RolloutItem, OpenAiChatOptions> = jsonlWriter(encodeOpenAiChat);
