/**
 * `dpo-pairs`: the NeMo-Gym "prepare for training" guide's pair file, {chosen, rejected, reward_gap}
 * per line with both rollouts in full (as canonical JSON here, see canonical-record.ts), one file
 * per split. Trainers derive prompt/continuation themselves; this keeps everything.
 */
import { canonicalRecordJson, floatJson } from './canonical-record';
import { assertSplitName, drive } from './drive';
import type { ExportWriter, PairItem } from './types';

export const writeDpoPairs: ExportWriter<PairItem> = (args) =>
  drive(args, async ({ chosen, rejected, gap, split }, { files }) => {
    const file = await files.get(`${assertSplitName(split)}.jsonl`, split);
    file.rows++;
    const line = `{"chosen":${canonicalRecordJson(chosen)},"rejected":${canonicalRecordJson(rejected)},"reward_gap":${floatJson(gap)}}`;
    await file.write(line + '\n');
  });
