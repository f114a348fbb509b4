'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { exportFormats, type ExportFormatId } from '@/lib/export/formats';
import { heldOutDefault, type SplitBy } from '@/lib/export/request';
import type { ExportPreview } from '@/lib/export/select';
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
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const label = 'block text-xs font-medium text-zinc-600 dark:text-zinc-400';

const SPLIT_LABELS: Record<SplitBy, string> = {
  task: 'By task (no task in two splits)',
  prompt: 'By prompt group',
  ratio: 'By rollout (seeded ratio)',
  keep: 'Keep the imported split',
};

export function ExportForm({
  datasets,
  recipes,
  initial,
  initialPreview,
}: {
  datasets: { id: number; name: string; rollouts: number }[];
  recipes: { id: number; name: string }[];
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
  const [split, setSplit] = useState(initial.split);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<{ data: ExportPreview | null; error: string | null }>({
    data: initialPreview,
    error: null,
  });
  const [started, setStarted] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const info = exportFormats.find((f) => f.id === format)!;
  const dataset = datasets.find((d) => d.id === datasetId);
  const input = useMemo((): ExportFormInput | null => {
    if (datasetId === null) return null;
    const min = minReward.trim() === '' ? null : Number(minReward);
    const src: ExportFormInput['source'] =
      source === 'recipe' && recipeId !== null
        ? { kind: 'recipe', recipeId }
        : source === 'inline'
          ? { kind: 'inline', recipe: initial.inlineRecipe }
          : { kind: 'quick', minReward: min, successOnly };
    return {
      datasetId,
      format,
      source: src,
      split: { ...split, stratify: split.by === 'ratio' && split.stratify },
      name: name.trim() || undefined,
    };
  }, [datasetId, format, source, recipeId, minReward, successOnly, split, name, initial.inlineRecipe]);

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
  const heldOut = heldOutDefault(format);
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
            <select className={field} value={datasetId ?? ''} onChange={(e) => setDatasetId(Number(e.target.value))}>
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
          <label className={label}>
            Export name
            <input
              className={field}
              value={name}
              placeholder={`${dataset?.name ?? 'dataset'}-${format}`}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
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
                  type="number"
                  step="any"
                  value={minReward}
                  placeholder="none"
                  onChange={(e) => setMinReward(e.target.value)}
                />
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
                  <option key={k} value={k}>
                    {SPLIT_LABELS[k]}
                  </option>
                ))}
              </select>
            </label>
            {split.by !== 'keep' && (
              <>
                <label className={label}>
                  Train share
                  <input
                    className={field}
                    type="number"
                    min={0}
                    max={1}
                    step={0.05}
                    value={split.ratio}
                    onChange={(e) => setSplit({ ...split, ratio: Number(e.target.value) })}
                  />
                </label>
                <label className={label}>
                  Seed
                  <input
                    className={field}
                    type="number"
                    min={0}
                    step={1}
                    value={split.seed}
                    onChange={(e) => setSplit({ ...split, seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
                  />
                </label>
                <p className="col-span-2 text-xs text-zinc-500">
                  train {Math.round(split.ratio * 100)}% / {heldOut} {Math.round((1 - split.ratio) * 100)}%
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
          <PreviewCounts preview={preview.data} error={preview.error} />
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
