'use client';

import type { DpoOptions, DpoStrategy } from '@/lib/curation';
import { CapField, Checkbox, FieldGroup, NumberInput, RangeField, Segmented } from './fields';
import { stepFor, type ModelFacts } from './model-facts';

const STRATEGIES: { value: DpoStrategy; label: string }[] = [
  { value: 'same-prompt', label: 'Same prompt' },
  { value: 'same-task', label: 'Same task' },
  { value: 'stratified', label: 'Stratified' },
];

const EXPLAIN: Record<DpoStrategy, string> = {
  'same-prompt':
    'Within each prompt: best with worst, second best with second worst, … while the gap is at least the minimum.',
  'same-task': 'Like same prompt, grouping rollouts by task.',
  stratified: 'Chosen from rollouts at or above High, rejected from those at or below Low, across prompts.',
};

export function DpoControls({
  facts,
  dpo,
  onChange,
}: {
  facts: ModelFacts;
  dpo: DpoOptions;
  onChange: (d: DpoOptions) => void;
}) {
  const set = (patch: Partial<DpoOptions>) => onChange({ ...dpo, ...patch });
  const span = facts.hi - facts.lo;
  const step = stepFor(span);
  const stratified = dpo.strategy === 'stratified';
  return (
    <div className="space-y-4">
      <FieldGroup title="Strategy">
        <Segmented
          label="Pairing strategy"
          value={dpo.strategy}
          options={STRATEGIES}
          onChange={(strategy) => set({ strategy })}
        />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{EXPLAIN[dpo.strategy]}</p>
      </FieldGroup>
      <FieldGroup title="Thresholds">
        <RangeField
          label="High (chosen ≥)"
          value={dpo.high}
          min={facts.lo}
          max={facts.hi}
          step={step}
          disabled={!stratified}
          hint={stratified ? undefined : 'stratified only'}
          onChange={(high) => set({ high })}
        />
        <RangeField
          label="Low (rejected ≤)"
          value={dpo.low}
          min={facts.lo}
          max={facts.hi}
          step={step}
          disabled={!stratified}
          hint={stratified ? undefined : 'stratified only'}
          onChange={(low) => set({ low })}
        />
        <RangeField
          label="Min gap"
          value={dpo.minGap}
          min={0}
          max={span}
          step={step}
          onChange={(minGap) => set({ minGap: Math.max(0, minGap) })}
        />
        {dpo.minGap <= 0 && (
          <p role="note" className="text-xs text-amber-700 dark:text-amber-400">
            A pair needs a positive gap: at 0, any gap above 0 counts, and rollouts with equal rewards are never paired.
          </p>
        )}
        <Checkbox
          label="All pairs"
          checked={dpo.allPairs}
          onChange={(allPairs) => set({ allPairs })}
          hint="Every above-gap pair in a group, largest gaps first, instead of best-with-worst."
        />
      </FieldGroup>
      <FieldGroup title="Caps">
        <CapField
          label="Per chosen"
          value={dpo.maxPairsPerChosen}
          fallback={4}
          onChange={(maxPairsPerChosen) => set({ maxPairsPerChosen })}
        />
        <CapField
          label="Per prompt"
          value={dpo.maxPairsPerPrompt}
          fallback={16}
          onChange={(maxPairsPerPrompt) => set({ maxPairsPerPrompt })}
        />
        <CapField label="Total" value={dpo.maxPairs} fallback={10000} onChange={(maxPairs) => set({ maxPairs })} />
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Seed</span>
          <NumberInput label="Seed" value={dpo.seed} integer onChange={(seed) => set({ seed })} />
        </div>
      </FieldGroup>
    </div>
  );
}
