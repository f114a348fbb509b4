'use client';

import { useState, type FormEvent, type RefObject } from 'react';
import { Button } from '@/components/ui/button';
import {
  defaultRolloutQuery,
  SEARCH_MAX_LENGTH,
  type NumRange,
  type RolloutFilters,
  type RolloutQuery,
} from '@/lib/query/rollout-query';
import { checkNumberText, type NumberRules } from '@/lib/ui/number-text';
import { countActiveFilters, updateRolloutQuery } from '@/lib/ui/rollout-query';

const field =
  'rounded border border-zinc-300 bg-white px-1.5 py-1 text-xs aria-invalid:border-red-500 aria-invalid:ring-1 aria-invalid:ring-red-500 dark:border-zinc-700 dark:bg-zinc-950';
const num = `${field} w-16 tabular`;

type Tri = '' | '1' | '0';
const tri = (v: boolean | undefined): Tri => (v === undefined ? '' : v ? '1' : '0');
const fromTri = (v: Tri): boolean | undefined => (v === '' ? undefined : v === '1');
const str = (n: number | undefined) => (n === undefined ? '' : String(n));

interface RangeText {
  min: string;
  max: string;
}

/** The range the text describes, or the problems with it (one per side, and min above max). */
function checkRange(label: string, r: RangeText, rules: NumberRules): { range?: NumRange; errors: string[] } {
  const min = checkNumberText(r.min, rules);
  const max = checkNumberText(r.max, rules);
  const errors: string[] = [];
  if (!min.ok) errors.push(`${label} min: ${min.message}`);
  if (!max.ok) errors.push(`${label} max: ${max.message}`);
  if (!min.ok || !max.ok) return { errors };
  if (min.value !== null && max.value !== null && min.value > max.value)
    return { errors: [`${label}: min ${min.value} is above max ${max.value}`] };
  if (min.value === null && max.value === null) return { errors };
  return {
    range: { ...(min.value !== null && { min: min.value }), ...(max.value !== null && { max: max.value }) },
    errors,
  };
}

function RangeInputs({
  label,
  value,
  onChange,
  invalid,
}: {
  label: string;
  value: RangeText;
  onChange(v: RangeText): void;
  invalid: { min: boolean; max: boolean };
}) {
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{label}</legend>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">{label}</span>
      <input
        aria-label={`${label} min`}
        aria-invalid={invalid.min || undefined}
        inputMode="decimal"
        placeholder="min"
        className={num}
        value={value.min}
        onChange={(e) => onChange({ ...value, min: e.target.value })}
      />
      <span className="text-zinc-400">–</span>
      <input
        aria-label={`${label} max`}
        aria-invalid={invalid.max || undefined}
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

const REWARD_RULES: NumberRules = {};
const TURN_RULES: NumberRules = { integer: true, min: 0 };
const METRIC_RULES: NumberRules = {};

/** Which sides of a range have a problem, for aria-invalid ("min is above max" marks both). */
const sidesInvalid = (label: string, errors: string[]) => {
  const both = errors.some((e) => e.startsWith(`${label}: min`));
  return {
    min: both || errors.some((e) => e.startsWith(`${label} min`)),
    max: both || errors.some((e) => e.startsWith(`${label} max`)),
  };
};

/** The filter form. Local edits; Apply (or Enter) writes them to the URL via onApply. */
export function RolloutFilterBar({
  query,
  metricNames,
  splits,
  taskIds,
  searchRef,
  onApply,
  rejectedSearch,
}: {
  query: RolloutQuery;
  metricNames: string[];
  splits: string[];
  taskIds: string[];
  searchRef: RefObject<HTMLInputElement | null>;
  onApply(q: RolloutQuery): void;
  /** A search from the link that was too long to run: shown in the box to shorten. */
  rejectedSearch?: string | null;
}) {
  const f = query.filters;
  const [q, setQ] = useState(query.q || (rejectedSearch ?? ''));
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

  // Every problem with what is typed, shown as it is typed; Apply refuses while there is one.
  const rewardCheck = checkRange('Reward', reward, REWARD_RULES);
  const turnsCheck = checkRange('Turns', turns, TURN_RULES);
  const metricChecks = Object.fromEntries(
    Object.entries(metrics).map(([m, v]) => [m, checkRange(m, v, METRIC_RULES)] as const),
  );
  const qText = q.trim();
  const errors = [
    ...(qText.length > SEARCH_MAX_LENGTH
      ? [
          `Search: too long (${qText.length.toLocaleString('en-US')} characters; at most ${SEARCH_MAX_LENGTH}). Shorten it to a distinctive phrase.`,
        ]
      : []),
    ...rewardCheck.errors,
    ...turnsCheck.errors,
    ...Object.values(metricChecks).flatMap((c) => c.errors),
  ];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (errors.length > 0) return; // the problems are on screen already
    const filters: RolloutFilters = { metrics: {} };
    const r = rewardCheck.range;
    const t = turnsCheck.range;
    if (r) filters.reward = r;
    if (t) filters.turns = t;
    if (fromTri(hasReward) !== undefined) filters.hasReward = fromTri(hasReward);
    if (fromTri(success) !== undefined) filters.success = fromTri(success);
    if (fromTri(tools) !== undefined) filters.hasToolCalls = fromTri(tools);
    if (task.trim()) filters.task = task.trim();
    if (split) filters.split = split;
    for (const [m, c] of Object.entries(metricChecks)) if (c.range) filters.metrics[m] = c.range;
    onApply(updateRolloutQuery(query, { filters, q: qText }));
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
          aria-invalid={qText.length > SEARCH_MAX_LENGTH || undefined}
          placeholder="Search message text…  ( / )"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={`${field} w-64 py-1.5 text-sm`}
        />
        <RangeInputs
          label="Reward"
          value={reward}
          onChange={setReward}
          invalid={sidesInvalid('Reward', rewardCheck.errors)}
        />
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
        <RangeInputs
          label="Turns"
          value={turns}
          onChange={setTurns}
          invalid={sidesInvalid('Turns', turnsCheck.errors)}
        />
        <div className="ml-auto flex items-center gap-2">
          <Button type="submit" variant="primary" size="sm" disabled={errors.length > 0}>
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
      {errors.length > 0 && (
        <ul role="alert" aria-label="Filter problems" className="space-y-0.5 text-xs text-red-700 dark:text-red-400">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {metricNames.length > 0 && (
        <details
          open={activeMetrics > 0 || Object.values(metricChecks).some((c) => c.errors.length > 0)}
          className="text-xs"
        >
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
                invalid={sidesInvalid(m, metricChecks[m]?.errors ?? [])}
              />
            ))}
          </div>
        </details>
      )}
    </form>
  );
}
