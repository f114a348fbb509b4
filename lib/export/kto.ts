/**
 * `kto`: TRL's unpaired conversational preference format, one file per split:
 *   {prompt:[...], completion:[...], label, tools?}
 * prompt = the rollout's prompt (its promptLength messages, with the system prompt settled);
 * completion = everything the policy did after it, cut at the last assistant turn, because the
 * label judges the whole trajectory. `tools` only when the rollout has tools (TRL reads it if set).
 */
import { promptAndCompletion, promptEndsWithSystem, type ConversationOptions } from './conversation';
import { jsonlWriter, type LineEncoder } from './jsonl';
import { toolsOut } from './tools';
import type { ExportWriter, LabelledItem } from './types';

export const encodeKto: LineEncoder<LabelledItem, ConversationOptions> = ({ rollout, label, split }, options) => {
  const { prompt, completion } = promptAndCompletion(rollout, options);
  if (completion.length === 0) return { skip: 'no-assistant-turn' };
  if (prompt.length === 0) return { skip: 'empty-prompt' };
  if (promptEndsWithSystem(prompt)) return { skip: 'prompt-ends-with-system' };
  const line: Record<string, unknown> = { prompt, completion, label };
  if (rollout.tools.length > 0) line.tools = toolsOut(rollout.tools);
  return { split, line: JSON.stringify(line) + '\n' };
};

export const writeKto: ExportWriter<LabelledItem, ConversationOptions> = jsonlWriter(encodeKto);
