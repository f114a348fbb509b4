'use client';

import { CONDITION_OPS, type Condition, type ConditionOp } from '@/lib/curation';
import { Button } from '@/components/ui/button';
import { NumberInput, Segmented } from './fields';
import { stepFor, type ModelFacts } from './model-facts';

const selectClass =
  'rounded-md border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-950';

/** Metric conditions ("where"): metric, op, value rows combined with AND or OR. */
export function ConditionRows({
  facts,
  where,
  combine,
  onChange,
}: {
  facts: ModelFacts;
  where: Condition[];
  combine: 'and' | 'or';
  onChange: (where: Condition[], combine: 'and' | 'or') => void;
}) {
  const metric = (name: string) => facts.metrics.find((m) => m.name === name);
  const update = (i: number, c: Partial<Condition>) =>
    onChange(
      where.map((w, j) => (j === i ? { ...w, ...c } : w)),
      combine,
    );
  if (facts.metrics.length === 0 && where.length === 0)
    return <p className="text-xs text-zinc-500">This data has no numeric metrics.</p>;
  return (
    <div className="space-y-2">
      {where.length > 1 && (
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          Combine conditions with
          <Segmented
            label="Combine conditions"
            value={combine}
            options={[
              { value: 'and', label: 'AND' },
              { value: 'or', label: 'OR' },
            ]}
            onChange={(v) => onChange(where, v)}
          />
        </div>
      )}
      {where.map((c, i) => {
        const m = metric(c.metric);
        const lo = m?.min ?? 0;
        const hi = m && m.max > m.min ? m.max : lo + 1;
        return (
          <div key={i} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
            <div className="flex items-center gap-1.5">
              <select
                aria-label={`Condition ${i + 1} metric`}
                value={c.metric}
                onChange={(e) => update(i, { metric: e.target.value })}
                className={`${selectClass} min-w-0 flex-1 font-mono`}
              >
                {!m && <option value={c.metric}>{c.metric} (not in data)</option>}
                {facts.metrics.map((x) => (
                  <option key={x.name} value={x.name}>
                    {x.name}
                  </option>
                ))}
              </select>
              <select
                aria-label={`Condition ${i + 1} operator`}
                value={c.op}
                onChange={(e) => update(i, { op: e.target.value as ConditionOp })}
                className={`${selectClass} font-mono`}
              >
                {CONDITION_OPS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <NumberInput
                label={`Condition ${i + 1} value`}
                value={c.value}
                onChange={(v) => update(i, { value: v })}
                className="w-16"
              />
              <button
                type="button"
                aria-label={`Remove condition ${i + 1}`}
                onClick={() =>
                  onChange(
                    where.filter((_, j) => j !== i),
                    combine,
                  )
                }
                className="rounded px-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800"
              >
                ×
              </button>
            </div>
            <input
              type="range"
              aria-label={`Condition ${i + 1} value slider`}
              min={lo}
              max={hi}
              step={stepFor(hi - lo)}
              value={Math.min(hi, Math.max(lo, c.value))}
              onChange={(e) => update(i, { value: Number(e.target.value) })}
              className="mt-1 h-4 w-full accent-indigo-600"
            />
          </div>
        );
      })}
      {facts.metrics.length > 0 && (
        <Button
          type="button"
          size="sm"
          onClick={() => {
            const m = facts.metrics[0];
            onChange([...where, { metric: m.name, op: '>=', value: m.max }], combine);
          }}
        >
          + Add metric condition
        </Button>
      )}
    </div>
  );
}
