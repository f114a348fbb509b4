'use client';

import { useState, type FormEvent, type RefObject } from 'react';
import { Button } from '@/components/ui/button';
import { defaultRolloutQuery, type NumRange, type RolloutFilters, type RolloutQuery } from '@/lib/query/rollout-query';
import { countActiveFilters, updateRolloutQuery } from '@/lib/ui/rollout-query';

const field = 'rounded border border-zinc-300 bg-white px-1.5 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-950';
const num = `${field} w-16 tabular`;

type Tri = '' | '1' | '0';
const tri = (v: boolean | undefined): Tri => (v === undefined ? '' : v ? '1' : '0');
const fromTri = (v: Tri): boolean | undefined => (v === '' ? undefined : v === '1');
const str = (n: number | undefined) => (n === undefined ? '' : String(n));

interface RangeText {
  min: string;
  max: string;
}

function toRange(r: RangeText): NumRange | undefined {
  const parse = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
  const min = parse(r.min);
  const max = parse(r.max);
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

function RangeInputs({ label, value, onChange }: { label: string; value: RangeText; onChange(v: RangeText): void }) {
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{label}</legend>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">{label}</span>
      <input
        aria-label={`${label} min`}
        inputMode="decimal"
        placeholder="min"
        className={num}
        value={value.min}
        onChange={(e) => onChange({ ...value, min: e.target.value })}
      />
      <span className="text-zinc-400">–</span>
      <input
        aria-label={`${label} max`}
        inputMode="decimal"
        placeholder="max"
        className={num}
        value={value.max}
        onChange={(e) => onChange({ ...value, max: e.target.value })}
      />
    </fieldset>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  options: [string, string][];
}) {
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
      {label}
      <select
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`${field} text-zinc-900 dark:text-zinc-100`}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

const rangeText = (r: NumRange | undefined): RangeText => ({ min: str(r?.min), max: str(r?.max) });

/** The filter form. Local edits; Apply (or Enter) writes them to the URL via onApply. */
export function RolloutFilterBar({
  query,
  metricNames,
  splits,
  taskIds,
  searchRef,
  onApply,
}: {
  query: RolloutQuery;
  metricNames: string[];
  splits: string[];
  taskIds: string[];
  searchRef: RefObject<HTMLInputElement | null>;
  onApply(q: RolloutQuery): void;
}) {
  const f = query.filters;
  const [q, setQ] = useState(query.q);
  const [reward, setReward] = useState(rangeText(f.reward));
  const [turns, setTurns] = useState(rangeText(f.turns));
  const [hasReward, setHasReward] = useState<Tri>(tri(f.hasReward));
  const [success, setSuccess] = useState<Tri>(tri(f.success));
  const [tools, setTools] = useState<Tri>(tri(f.hasToolCalls));
  const [task, setTask] = useState(f.task ?? '');
  const [split, setSplit] = useState(f.split ?? '');
  const [metrics, setMetrics] = useState<Record<string, RangeText>>(() =>
    Object.fromEntries(metricNames.map((m) => [m, rangeText(f.metrics[m])])),
  );
  const activeMetrics = Object.keys(f.metrics).length;

  function submit(e: FormEvent) {
    e.preventDefault();
    const filters: RolloutFilters = { metrics: {} };
    const r = toRange(reward);
    const t = toRange(turns);
    if (r) filters.reward = r;
    if (t) filters.turns = t;
    if (fromTri(hasReward) !== undefined) filters.hasReward = fromTri(hasReward);
    if (fromTri(success) !== undefined) filters.success = fromTri(success);
    if (fromTri(tools) !== undefined) filters.hasToolCalls = fromTri(tools);
    if (task.trim()) filters.task = task.trim();
    if (split) filters.split = split;
    for (const [m, v] of Object.entries(metrics)) {
      const range = toRange(v);
      if (range) filters.metrics[m] = range;
    }
    onApply(updateRolloutQuery(query, { filters, q: q.trim() }));
  }

  const count = countActiveFilters(query);
  return (
    <form
      onSubmit={submit}
      role="search"
      aria-label="Filter rollouts"
      className="space-y-2 rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <input
          ref={searchRef}
          type="search"
          aria-label="Search messages"
          placeholder="Search message text…  ( / )"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={`${field} w-64 py-1.5 text-sm`}
        />
        <RangeInputs label="Reward" value={reward} onChange={setReward} />
        <Select
          label="Has reward"
          value={hasReward}
          onChange={(v) => setHasReward(v as Tri)}
          options={[
            ['', 'any'],
            ['1', 'yes'],
            ['0', 'no'],
          ]}
        />
        <label className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
          Task
          <input
            aria-label="Task"
            list="task-ids"
            value={task}
            onChange={(e) => setTask(e.target.value)}
            className={`${field} w-28 font-mono text-zinc-900 dark:text-zinc-100`}
            placeholder="any"
          />
          <datalist id="task-ids">
            {taskIds.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <Select
          label="Split"
          value={split}
          onChange={setSplit}
          options={[['', 'any'], ...splits.map((s): [string, string] => [s, s])]}
        />
        <Select
          label="Success"
          value={success}
          onChange={(v) => setSuccess(v as Tri)}
          options={[
            ['', 'any'],
            ['1', 'yes'],
            ['0', 'no'],
          ]}
        />
        <Select
          label="Tool calls"
          value={tools}
          onChange={(v) => setTools(v as Tri)}
          options={[
            ['', 'any'],
            ['1', 'some'],
            ['0', 'none'],
          ]}
        />
        <RangeInputs label="Turns" value={turns} onChange={setTurns} />
        <div className="ml-auto flex items-center gap-2">
          <Button type="submit" variant="primary" size="sm">
            Apply
          </Button>
          <Button
            type="button"
            size="sm"
            disabled={count === 0}
            onClick={() =>
              onApply({ ...defaultRolloutQuery(), pageSize: query.pageSize, sort: query.sort, hide: query.hide })
            }
          >
            Clear{count > 0 ? ` (${count})` : ''}
          </Button>
        </div>
      </div>
      {metricNames.length > 0 && (
        <details open={activeMetrics > 0} className="text-xs">
          <summary className="cursor-pointer select-none text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
            Metric ranges{activeMetrics > 0 ? ` (${activeMetrics} active)` : ''}
          </summary>
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
            {metricNames.map((m) => (
              <RangeInputs
                key={m}
                label={m}
                value={metrics[m] ?? { min: '', max: '' }}
                onChange={(v) => setMetrics((s) => ({ ...s, [m]: v }))}
              />
            ))}
          </div>
        </details>
      )}
    </form>
  );
}
