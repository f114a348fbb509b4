/**
 * `openai-dpo`: OpenAI's DPO fine-tuning format, one file per split:
 *   {input:{messages, tools?}, preferred_output:[assistant], non_preferred_output:[assistant]}
 *
 * OpenAI accepts exactly one assistant message per output, so a pair becomes the *first turn where
 * the two rollouts diverge*: input = the shared history up to that turn, outputs = the two differing
 * assistant messages (with their tool calls). Later turns are dropped: after the first divergence
 * the histories differ and OpenAI has no way to express that. Pairs whose rollouts first differ in a
 * user or tool message (so the policy made the same choice) are skipped as
 * 'diverges-outside-assistant-turn'.
 */
import { promptEndsWithSystem, sftConversation, type ConversationOptions } from './conversation';
import { assertSplitName, drive } from './drive';
import { splitPair } from './preference-split';
import { toolsOut } from './tools';
import type { ExportWriter, PairItem } from './types';

export const writeOpenAiDpo: ExportWriter<PairItem, ConversationOptions> = (args) =>
  drive(args, async ({ chosen, rejected, split }, { files, skip }) => {
    const a = sftConversation(chosen, args.options);
    const b = sftConversation(rejected, args.options);
    if (!a || !b) return skip.add('no-assistant-turn');
    const parts = splitPair(a, b);
    if (!parts.ok) return skip.add(parts.reason);
    if (promptEndsWithSystem(parts.prompt)) return skip.add('prompt-ends-with-system');
    if (!parts.divergesAtAssistant) return skip.add('diverges-outside-assistant-turn');
    const input: { messages: typeof parts.prompt; tools?: ReturnType<typeof toolsOut> } = { messages: parts.prompt };
    if (chosen.tools.length > 0) input.tools = toolsOut(chosen.tools);
    const file = await files.get(`${assertSplitName(split)}.jsonl`, split);
    file.rows++;
    const line = { input, preferred_output: [parts.chosen[0]], non_preferred_output: [parts.rejected[0]] };
    await file.write(JSON.stringify(line) + '\n');
  });
