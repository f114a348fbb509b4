/**
 * `sft-json`: tau2 prepare_dataset's layout, one JSON document
 *   {"splits":{"train":[{messages, tools, task_id, simulation_id, reward}, ...], "test":[...]}}
 * Items arrive with splits interleaved, so each split's records are streamed to a scratch file
 * and the document is assembled from them at the end: never one big stringify in memory.
 * Splits appear in compareSplits order (train, validation, val, dev, test, then A-Z).
 */
import { createReadStream } from 'node:fs';
import { AtomicFile } from './atomic-file';
import { sftConversation, type ConversationOptions } from './conversation';
import { assertSplitName, compareSplits, drive } from './drive';
import { toolsOut } from './tools';
import type { ExportWriter, RolloutItem } from './types';

export interface SftJsonOptions extends ConversationOptions {
  /** Output file name. Default 'sft.json'. */
  fileName?: string;
  /** Splits always present in the document, as [] when empty (tau2's make always writes train and test). */
  splits?: string[];
}

export const writeSftJson: ExportWriter<RolloutItem, SftJsonOptions> = async (args) => {
  const fileName = args.options?.fileName ?? 'sft.json';
  const opening = new Map<string, Promise<AtomicFile>>();
  const scratchFor = (split: string): Promise<AtomicFile> => {
    let f = opening.get(split);
    if (!f) {
      f = AtomicFile.create(args.dir, `.${fileName}.${split}.scratch`);
      opening.set(split, f);
    }
    return f;
  };

  try {
    return await drive(
      args,
      async ({ rollout, split }, { skip }) => {
        const messages = sftConversation(rollout, args.options);
        if (!messages) return skip.add('no-assistant-turn');
        const record = {
          messages,
          tools: toolsOut(rollout.tools),
          task_id: rollout.taskId,
          simulation_id: rollout.externalId,
          reward: rollout.reward,
        };
        const s = await scratchFor(assertSplitName(split));
        await s.write((s.rows === 0 ? '\n' : ',\n') + JSON.stringify(record));
        s.rows++;
      },
      async ({ files }) => {
        const out = await files.get(fileName);
        out.splitRows = {};
        await out.write('{"splits":{');
        const splits = [...new Set([...opening.keys(), ...(args.options?.splits ?? []).map(assertSplitName)])].sort(
          compareSplits,
        );
        for (const [i, split] of splits.entries()) {
          await out.write(`${i === 0 ? '' : ','}${JSON.stringify(split)}:[`);
          const pending = opening.get(split);
          if (!pending) {
            await out.write(']');
            out.splitRows[split] = 0;
            continue;
          }
          const s = await pending;
          await s.finish();
          for await (const chunk of createReadStream(s.partialPath)) await out.write(chunk as Buffer);
          await out.write('\n]');
          out.rows += s.rows;
          out.splitRows[split] = s.rows;
        }
        await out.write('}}\n');
      },
    );
  } finally {
    // Scratch files never outlive the export, whether it succeeded or not.
    for (const f of await Promise.allSettled(opening.values())) if (f.status === 'fulfilled') await f.value.discard();
  }
};
