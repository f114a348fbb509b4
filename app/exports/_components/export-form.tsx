'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import {
  defaultExportName,
  defaultSplitRule,
  heldOutSplit,
  NO_TASK_IDS_REASON,
  SPLIT_BY_WHY,
} from '@/lib/export/defaults';
import { sanitizeExportName, savedExportName } from '@/lib/export/export-name';
import { checkNumberText, type NumberCheck } from '@/lib/ui/number-text';
import { exportFormats, type ExportFormatId } from '@/lib/export/formats';
import type { SplitBy } from '@/lib/export/request';
import type { ExportPreview, VerlPreview } from '@/lib/export/select';
import { previewExportAction, startExportAction, type ExportFormInput } from '../actions';
import { PreviewCounts } from './preview-counts';

export interface FormInitial {
  datasetId: number | null;
  format: ExportFormatId;
  source: 'recipe' | 'quick' | 'inline';
  recipeId: number | null;
  inlineRecipe: unknown;
  minReward: number | null;
  successOnly: boolean;
  split: { by: SplitBy; ratio: number; seed: number; stratify: boolean };
}

const field =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm aria-invalid:border-red-500 aria-invalid:ring-1 aria-invalid:ring-red-500 dark:border-zinc-700 dark:bg-zinc-900';
const label = 'block text-xs font-medium text-zinc-600 dark:text-zinc-400';

const SPLIT_LABELS: Record<SplitBy, string> = {
  task: 'By task id',
  prompt: 'By prompt group',
  ratio: 'By rollout (seeded ratio)',
  keep: 'Keep the imported split',
};

const isVerl = (f: ExportFormatId) => f.startsWith('verl-');

/** The problem with a numeric field's text, under the field. */
function FieldError({ check }: { check: NumberCheck }) {
  if (check.ok) return null;
  return (
    <span role="alert" className="mt-0.5 block text-xs font-normal text-red-700 dark:text-red-400">
      {check.message}
    </span>
  );
}

/** verl's data_source and ground_truth: what the rows will carry, and how verl uses them. */
function VerlFields({
  dataSource,
  onDataSource,
  groundTruthField,
  onGroundTruthField,
  preview,
}: {
  dataSource: string;
  onDataSource(v: string): void;
  groundTruthField: string;
  onGroundTruthField(v: string): void;
  preview: VerlPreview | undefined;
}) {
  const sources = preview?.dataSources ?? [];
  return (
    <fieldset className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
      <legend className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">verl reward routing</legend>
      <label className={label}>
        data_source
        <input
          className={`${field} font-mono`}
          value={dataSource}
          maxLength={200}
          placeholder={sources.length > 0 ? sources.slice(0, 3).join(', ') : 'from each rollout'}
          onChange={(e) => onDataSource(e.target.value)}
        />
      </label>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="verl-data-source">
        {dataSource.trim()
          ? 'Every row gets this data_source.'
          : sources.length > 0
            ? `Rows get ${sources.length === 1 ? sources[0] : `${sources.length} values (${sources.slice(0, 3).join(', ')}${sources.length > 3 ? ', …' : ''})`}: each rollout's source (tau2/<domain>, nemo-gym/<agent>, a verl row's own), else the dataset's name.`
            : "Each rollout's source (tau2/<domain>, nemo-gym/<agent>, a verl row's own), else the dataset's name."}{' '}
        verl picks the reward function by this name: its built-in one knows only a few (openai/gsm8k, lighteval/MATH,
        …); for others set custom_reward_function in the trainer config.
      </p>
      <label className={label}>
        Ground truth from meta field
        <input
          className={`${field} font-mono`}
          value={groundTruthField}
          maxLength={200}
          placeholder="e.g. fields.expected_answer"
          onChange={(e) => onGroundTruthField(e.target.value)}
        />
      </label>
      {preview && preview.groundTruthFound !== null && (
        <p
          className={`text-xs ${preview.groundTruthFound === 0 ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500 dark:text-zinc-400'}`}
          data-testid="verl-ground-truth"
        >
          {preview.groundTruthFound.toLocaleString('en-US')} of the first {preview.sampled.toLocaleString('en-US')}{' '}
          rollouts have it. verl RL prompts without it are left out; SFT rows get an empty ground_truth.
        </p>
      )}
    </fieldset>
  );
}

interface DatasetOption {
  id: number;
  name: string;
  rollouts: number;
  hasTaskIds: boolean;
}

/** A split rule that the dataset can follow: without task ids, "by task" becomes the default rule. */
function splitFor(split: FormInitial['split'], dataset: DatasetOption | undefined): FormInitial['split'] {
  if (split.by !== 'task' || !dataset || dataset.hasTaskIds) return split;
  return { ...split, by: defaultSplitRule({ hasTaskIds: false }).by };
}

export function ExportForm({
  datasets,
  recipes,
  takenNames,
  initial,
  initialPreview,
}: {
  datasets: DatasetOption[];
  recipes: { id: number; name: string }[];
  /** Names of the existing exports: a new export with one of them is saved with a -2, -3... suffix. */
  takenNames: string[];
  initial: FormInitial;
  initialPreview: ExportPreview | null;
}) {
  const router = useRouter();
  const [datasetId, setDatasetId] = useState(initial.datasetId);
  const [format, setFormat] = useState<ExportFormatId>(initial.format);
  const [source, setSource] = useState(initial.source);
  const [recipeId, setRecipeId] = useState(initial.recipeId ?? recipes[0]?.id ?? null);
  const [minReward, setMinReward] = useState(initial.minReward === null ? '' : String(initial.minReward));
  const [successOnly, setSuccessOnly] = useState(initial.successOnly);
  const [split, setSplit] = useState(() =>
    splitFor(
      initial.split,
      datasets.find((d) => d.id === initial.datasetId),
    ),
  );
  const [ratioText, setRatioText] = useState(String(initial.split.ratio));
  const [seedText, setSeedText] = useState(String(initial.split.seed));
  const [name, setName] = useState('');
  const [dataSource, setDataSource] = useState('');
  const [groundTruthField, setGroundTruthField] = useState('');
  const [preview, setPreview] = useState<{ data: ExportPreview | null; error: string | null }>({
    data: initialPreview,
    error: null,
  });
  const [started, setStarted] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const info = exportFormats.find((f) => f.id === format)!;
  const dataset = datasets.find((d) => d.id === datasetId);
  const taken = useMemo(() => new Set(takenNames), [takenNames]);
  const defaultName = defaultExportName(dataset?.name ?? 'dataset', format);
  const savedName = savedExportName(name.trim() || defaultName, taken);
  // What is typed into the numeric fields, checked as it is typed (shown under each field).
  const minCheck = checkNumberText(minReward);
  const ratioCheck = checkNumberText(ratioText, { min: 0, max: 1, optional: false });
  const seedCheck = checkNumberText(seedText, { integer: true, min: 0, max: 2 ** 31 - 1, optional: false });
  const usesSplitNumbers = split.by !== 'keep';
  const numbersOk = (source !== 'quick' || minCheck.ok) && (!usesSplitNumbers || (ratioCheck.ok && seedCheck.ok));
  const input = useMemo((): ExportFormInput | null => {
    if (datasetId === null || !numbersOk) return null;
    const value = (c: ReturnType<typeof checkNumberText>, fallback: number) =>
      c.ok ? (c.value ?? fallback) : fallback;
    const src: ExportFormInput['source'] =
      source === 'recipe' && recipeId !== null
        ? { kind: 'recipe', recipeId }
        : source === 'inline'
          ? { kind: 'inline', recipe: initial.inlineRecipe }
          : { kind: 'quick', minReward: minCheck.ok ? minCheck.value : null, successOnly };
    return {
      datasetId,
      format,
      source: src,
      split: {
        by: split.by,
        ratio: value(ratioCheck, initial.split.ratio),
        seed: value(seedCheck, initial.split.seed),
        stratify: split.by === 'ratio' && split.stratify,
      },
      name: name.trim() || undefined,
      options: isVerl(format)
        ? {
            ...(dataSource.trim() ? { dataSource: dataSource.trim() } : {}),
            ...(groundTruthField.trim() ? { groundTruthField: groundTruthField.trim() } : {}),
          }
        : undefined,
    };
    // The checks are derived from the texts listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    datasetId,
    format,
    source,
    recipeId,
    minReward,
    successOnly,
    split,
    ratioText,
    seedText,
    name,
    initial.inlineRecipe,
    dataSource,
    groundTruthField,
  ]);

  // Recompute the preview (server side, same selection as the export) when the selection changes.
  const previewKey = JSON.stringify(input && { ...input, name: undefined });
  useEffect(() => {
    if (!input) return;
    let stale = false;
    const t = setTimeout(async () => {
      const r = await previewExportAction(input);
      if (!stale) setPreview(r.ok ? { data: r.data, error: null } : { data: null, error: r.error.message });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
    // previewKey stands for `input` minus the name, which does not change the selection
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewKey]);

  const submit = () => {
    if (!input) return;
    startTransition(async () => {
      const r = await startExportAction(input);
      setStarted(r.ok ? { ok: true, text: `Started export "${r.data.name}".` } : { ok: false, text: r.error.message });
      if (r.ok) router.refresh();
    });
  };

  if (datasets.length === 0) return null;
  const heldOut = heldOutSplit(format);
  const canSplitByTask = dataset?.hasTaskIds ?? true;
  return (
    <Card title="New export" className="mb-6">
      <form
        aria-label="New export"
        className="grid gap-4 lg:grid-cols-[1fr_1fr_minmax(260px,0.8fr)]"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="space-y-3">
          <label className={label}>
            Dataset
            <select
              className={field}
              value={datasetId ?? ''}
              onChange={(e) => {
                const id = Number(e.target.value);
                setDatasetId(id);
                setSplit(
                  splitFor(
                    split,
                    datasets.find((d) => d.id === id),
                  ),
                );
              }}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rollouts.toLocaleString('en-US')} rollouts)
                </option>
              ))}
            </select>
          </label>
          <label className={label}>
            Format
            <select className={field} value={format} onChange={(e) => setFormat(e.target.value as ExportFormatId)}>
              {exportFormats.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label} ({f.id})
                </option>
              ))}
            </select>
          </label>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{info.description}</p>
          {isVerl(format) && (
            <VerlFields
              dataSource={dataSource}
              onDataSource={setDataSource}
              groundTruthField={groundTruthField}
              onGroundTruthField={setGroundTruthField}
              preview={preview.data?.verl}
            />
          )}
          <label className={label}>
            Export name
            <input
              className={field}
              value={name}
              placeholder={savedName}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          {savedName !== name.trim() && name.trim() !== '' && (
            <p id="export-saved-name" className="text-xs text-zinc-500 dark:text-zinc-400">
              Will be saved as <span className="font-mono text-zinc-700 dark:text-zinc-300">{savedName}</span> (
              {[
                sanitizeExportName(name) !== name.trim() && 'a folder name keeps letters, digits, spaces, . _ and -',
                savedName !== sanitizeExportName(name) && 'that name is taken',
              ]
                .filter(Boolean)
                .join('; ')}
              ).
            </p>
          )}
        </div>

        <div className="space-y-3">
          <fieldset>
            <legend className={label}>Selection</legend>
            <div className="mt-1 flex flex-wrap gap-3 text-sm">
              {initial.inlineRecipe !== null && (
                <label className="flex items-center gap-1.5">
                  <input
                    type="radio"
                    name="source"
                    checked={source === 'inline'}
                    onChange={() => setSource('inline')}
                  />{' '}
                  Recipe from the curate page
                </label>
              )}
              <label className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="source"
                  checked={source === 'recipe'}
                  disabled={recipes.length === 0}
                  onChange={() => setSource('recipe')}
                />{' '}
                Saved recipe
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="source" checked={source === 'quick'} onChange={() => setSource('quick')} />{' '}
                Quick filters
              </label>
            </div>
          </fieldset>
          {source === 'inline' && (
            <p
              className="break-all rounded bg-zinc-50 px-2 py-1 font-mono text-xs text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400"
              title="The recipe as the curate page sent it"
            >
              {JSON.stringify(initial.inlineRecipe)}
            </p>
          )}
          {source === 'recipe' && (
            <label className={label}>
              Recipe
              <select className={field} value={recipeId ?? ''} onChange={(e) => setRecipeId(Number(e.target.value))}>
                {recipes.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {source === 'quick' && (
            <div className="flex items-end gap-4">
              <label className={label}>
                Min reward
                <input
                  className={`${field} w-28`}
                  inputMode="decimal"
                  aria-invalid={!minCheck.ok || undefined}
                  value={minReward}
                  placeholder="none"
                  onChange={(e) => setMinReward(e.target.value)}
                />
                <FieldError check={minCheck} />
              </label>
              <label className="mb-2 flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={successOnly} onChange={(e) => setSuccessOnly(e.target.checked)} />{' '}
                Success only
              </label>
            </div>
          )}
          <div className="grid grid-cols-2 gap-3">
            <label className={`${label} col-span-2`}>
              Split by
              <select
                className={field}
                value={split.by}
                onChange={(e) => setSplit({ ...split, by: e.target.value as SplitBy })}
              >
                {(Object.keys(SPLIT_LABELS) as SplitBy[]).map((k) => (
                  <option
                    key={k}
                    value={k}
                    disabled={k === 'task' && !canSplitByTask}
                    title={k === 'task' && !canSplitByTask ? NO_TASK_IDS_REASON : SPLIT_BY_WHY[k]}
                  >
                    {SPLIT_LABELS[k]}
                    {k === 'task' && !canSplitByTask ? ' (no task ids)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <p className="col-span-2 text-xs text-zinc-500 dark:text-zinc-400">
              {!canSplitByTask && <span className="block">{NO_TASK_IDS_REASON}</span>}
              {SPLIT_BY_WHY[split.by][0].toUpperCase() + SPLIT_BY_WHY[split.by].slice(1)}.
            </p>
            {split.by !== 'keep' && (
              <>
                <label className={label}>
                  Train share
                  <input
                    className={field}
                    inputMode="decimal"
                    aria-invalid={!ratioCheck.ok || undefined}
                    value={ratioText}
                    onChange={(e) => setRatioText(e.target.value)}
                  />
                  <FieldError check={ratioCheck} />
                </label>
                <label className={label}>
                  Seed
                  <input
                    className={field}
                    inputMode="numeric"
                    aria-invalid={!seedCheck.ok || undefined}
                    value={seedText}
                    onChange={(e) => setSeedText(e.target.value)}
                  />
                  <FieldError check={seedCheck} />
                </label>
                <p className="col-span-2 text-xs text-zinc-500" data-testid="held-out">
                  {ratioCheck.ok && ratioCheck.value !== null && (
                    <>
                      train {Math.round(ratioCheck.value * 100)}% / {heldOut.name}{' '}
                      {Math.round((1 - ratioCheck.value) * 100)}%.{' '}
                    </>
                  )}
                  The held-out split is called <span className="font-mono">{heldOut.name}</span>: {heldOut.why}.
                </p>
              </>
            )}
            {split.by === 'ratio' && (
              <label className="col-span-2 flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={split.stratify}
                  onChange={(e) => setSplit({ ...split, stratify: e.target.checked })}
                />{' '}
                Stratify by reward bucket
              </label>
            )}
          </div>
        </div>

        <div className="flex flex-col justify-between gap-3 rounded-md bg-zinc-50 p-3 dark:bg-zinc-800/50">
          <PreviewCounts
            preview={numbersOk ? preview.data : null}
            error={numbersOk ? preview.error : 'Fix the fields marked in red to see what will be exported.'}
          />
          <div className="space-y-2">
            <Button
              type="submit"
              variant="primary"
              disabled={pending || !input || !!preview.error || preview.data?.items === 0}
              className="w-full"
            >
              {pending ? 'Starting…' : 'Start export'}
            </Button>
            {started && (
              <p
                role={started.ok ? 'status' : 'alert'}
                className={`text-xs ${started.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
              >
                {started.text}
              </p>
            )}
          </div>
        </div>
      </form>
    </Card>
  );
}
