/**
 * `trl-preference`: TRL's explicit-prompt conversational preference format, one file per split:
 *   {prompt:[...], chosen:[...], rejected:[...], tools:[...]}
 * prompt = the shared prefix of the two conversations, chosen/rejected = their continuations
 * (OpenAI-shape messages; multi-turn continuations are kept whole, see preference-split.ts).
 * Pairs with nothing to compare are skipped and counted by reason. `tools` are the chosen
 * rollout's (pairs come from one prompt, so both sides normally share them).
 */
import { promptEndsWithSystem, sftConversation, type ConversationOptions } from './conversation';
import { assertSplitName, drive } from './drive';
import { splitPair } from './preference-split';
import { toolsOut } from './tools';
import type { ExportWriter, PairItem } from './types';

export const writeTrlPreference: ExportWriter<PairItem, ConversationOptions> = (args) =>
  drive(args, async ({ chosen, rejected, split }, { files, skip }) => {
    const a = sftConversation(chosen, args.options);
    const b = sftConversation(rejected, args.options);
    if (!a || !b) return skip.add('no-assistant-turn');
    const parts = splitPair(a, b);
    if (!parts.ok) return skip.add(parts.reason);
    if (promptEndsWithSystem(parts.prompt)) return skip.add('prompt-ends-with-system');
    const file = await files.get(`${assertSplitName(split)}.jsonl`, split);
    file.rows++;
    const line = {
      prompt: parts.prompt,
      chosen: parts.chosen,
      rejected: parts.rejected,
      tools: toolsOut(chosen.tools),
    };
    await file.write(JSON.stringify(line) + '\n');
  });
