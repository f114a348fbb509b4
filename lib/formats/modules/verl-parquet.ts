/** verl datasets / rollouts as parquet (see verl-row.ts for the column mapping). */
import type { FormatModule, Probe } from '../types';
import { isVerlRow, mapVerlRow } from './verl-row';

function detect(probe: Probe): { score: number; reason: string } {
  if (probe.container !== 'parquet') return { score: 0, reason: `expected parquet, found ${probe.container}` };
  const n = probe.samples.filter(isVerlRow).length;
  if (n === 0)
    return { score: 0.3, reason: 'a parquet file without verl columns (prompt + data_source/reward_model/ability)' };
  return {
    score: 0.9,
    reason: `${n}/${probe.samples.length} rows have verl columns (prompt, data_source, reward_model)`,
  };
}

export const format: FormatModule = {
  id: 'verl-parquet',
  label: 'verl parquet',
  description: 'verl RL/SFT parquet: data_source, prompt, ability, reward_model, extra_info (+ response/messages)',
  layout: { kind: 'parquet' },
  detect,
  mapRecord: mapVerlRow,
};
