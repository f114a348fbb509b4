'use client';

import Link from 'next/link';
import type { SftOptions } from '@/lib/curation';
import { ConditionRows } from './condition-rows';
import { Checkbox, FieldGroup, RangeField } from './fields';
import { stepFor, type ModelFacts } from './model-facts';
import { NameFilter } from './name-filter';

export function SftControls({
  facts,
  sft,
  onChange,
  tokensHref,
}: {
  facts: ModelFacts;
  sft: SftOptions;
  onChange: (s: SftOptions) => void;
  tokensHref: string;
}) {
  const set = (patch: Partial<SftOptions>) => onChange({ ...sft, ...patch });
  const span = facts.hi - facts.lo;
  return (
    <div className="space-y-4">
      <FieldGroup title="Reward">
        <RangeField
          label="Min reward"
          value={sft.minReward ?? facts.lo}
          min={facts.lo}
          max={facts.hi}
          step={stepFor(span)}
          disabled={sft.minReward === null}
          onChange={(v) => set({ minReward: v })}
          hint={
            facts.rewardMin !== null && (facts.rewardMin < 0 || (facts.rewardMax ?? 0) > 1)
              ? 'raw reward units'
              : undefined
          }
        />
        <Checkbox
          label="No reward threshold"
          checked={sft.minReward === null}
          onChange={(v) => set({ minReward: v ? null : Math.min(facts.hi, 0.95) })}
          hint="Null rewards never pass a threshold."
        />
        <Checkbox
          label="Successful rollouts only"
          checked={sft.successOnly}
          onChange={(v) => set({ successOnly: v })}
        />
      </FieldGroup>
      <FieldGroup title="Metric conditions">
        <ConditionRows
          facts={facts}
          where={sft.where}
          combine={sft.combine}
          onChange={(where, combine) => set({ where, combine })}
        />
      </FieldGroup>
      <FieldGroup title="Filters">
        <NameFilter label="Tasks" names={facts.tasks} value={sft.tasks} onChange={(tasks) => set({ tasks })} />
        <NameFilter label="Splits" names={facts.splits} value={sft.splits} onChange={(splits) => set({ splits })} />
      </FieldGroup>
      <FieldGroup title="Length">
        {facts.maxTokens === null ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            No token counts yet. Run a{' '}
            <Link href={tokensHref} className="text-indigo-700 hover:underline dark:text-indigo-400">
              token analysis
            </Link>{' '}
            to drop examples over max_length.
          </p>
        ) : (
          <>
            <Checkbox
              label="Drop examples over max_length"
              checked={sft.maxTokens !== null}
              onChange={(v) => set({ maxTokens: v ? facts.maxTokens : null })}
              hint={`Token counts from the latest analysis (${facts.tokensKnown.toLocaleString('en-US')} of ${facts.n.toLocaleString('en-US')} rollouts; the others are kept).`}
            />
            {sft.maxTokens !== null && (
              <RangeField
                label="max_length"
                value={sft.maxTokens}
                min={0}
                max={facts.maxTokens}
                step={Math.max(1, 10 ** Math.floor(Math.log10(Math.max(1, facts.maxTokens) / 200)))}
                integer
                onChange={(v) => set({ maxTokens: Math.max(1, Math.round(v)) })}
              />
            )}
          </>
        )}
      </FieldGroup>
    </div>
  );
}
