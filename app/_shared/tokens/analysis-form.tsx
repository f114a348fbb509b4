'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionError } from '@/lib/action-result';
import { exportFormatInfo } from '@/lib/export/formats';
import { ANALYSABLE_FORMATS, MASK_LABELS, TRAIN_MASKS, type TrainMask } from '@/lib/token-report';
import { startTokenAnalysisAction } from './actions';
import { ErrorBox } from './analysis-error';

export interface DatasetChoice {
  id: number;
  name: string;
  rollouts: number;
}

const inputClass =
  'w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-zinc-700 dark:bg-zinc-900';

function Field({
  label,
  hint,
  htmlFor,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  htmlFor: string;
  error?: string[];
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {hint && !error && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
      {error && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{error.join('; ')}</p>}
    </div>
  );
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** Options of an analysis (those of tau2's truncation_optimization.py, plus mask and loss budget). */
export function AnalysisForm({ datasets, datasetId }: { datasets?: DatasetChoice[]; datasetId?: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [dataset, setDataset] = useState<number | undefined>(datasetId ?? datasets?.[0]?.id);
  const [tokenizerKind, setTokenizerKind] = useState<'qwen3' | 'llama3' | 'folder'>('qwen3');
  const [folder, setFolder] = useState('');
  const [template, setTemplate] = useState<{ name: string; text: string } | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [numSamples, setNumSamples] = useState('');
  const [seed, setSeed] = useState('0');
  const [removeSystem, setRemoveSystem] = useState(false);
  const [numSteps, setNumSteps] = useState('20');
  const [budgetPct, setBudgetPct] = useState('1');
  const [mask, setMask] = useState<TrainMask>('all');
  const [format, setFormat] = useState<(typeof ANALYSABLE_FORMATS)[number]>('openai-chat');
  const [maxLength, setMaxLength] = useState('');
  const [error, setError] = useState<ActionError | null>(null);

  const submit = () => {
    if (!dataset) return;
    setError(null);
    startTransition(async () => {
      const res = await startTokenAnalysisAction({
        datasetId: dataset,
        tokenizer: tokenizerKind === 'folder' ? folder : tokenizerKind,
        chatTemplate: template?.text,
        chatTemplateName: template?.name,
        shape: { format },
        numSamples: num(numSamples),
        seed: num(seed) ?? 0,
        removeSystemMessages: removeSystem,
        numSteps: num(numSteps) ?? 20,
        lossBudget: (num(budgetPct) ?? 1) / 100,
        mask,
        maxLength: num(maxLength),
      });
      if (!res.ok) return setError(res.error);
      router.push(`/datasets/${res.data.datasetId}/tokens?job=${res.data.jobId}`);
    });
  };
  const fe = error?.fieldErrors ?? {};

  return (
    <form
      aria-label="New token analysis"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="space-y-4"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {datasets && (
          <Field label="Dataset" htmlFor="tk-dataset" error={fe.datasetId}>
            <select
              id="tk-dataset"
              className={inputClass}
              value={dataset ?? ''}
              onChange={(e) => setDataset(Number(e.target.value))}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rollouts.toLocaleString('en-US')} rollouts)
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Tokenizer" htmlFor="tk-tokenizer" error={tokenizerKind !== 'folder' ? fe.tokenizer : undefined}>
          <select
            id="tk-tokenizer"
            className={inputClass}
            value={tokenizerKind}
            onChange={(e) => setTokenizerKind(e.target.value as typeof tokenizerKind)}
          >
            <option value="qwen3">Qwen3 (bundled)</option>
            <option value="llama3">Llama 3 (bundled)</option>
            <option value="folder">Local folder…</option>
          </select>
        </Field>
        {tokenizerKind === 'folder' && (
          <Field
            label="Tokenizer folder"
            htmlFor="tk-folder"
            error={fe.tokenizer}
            hint="A folder on this machine with tokenizer.json and tokenizer_config.json (a Hugging Face cache snapshot folder works)."
          >
            <input
              id="tk-folder"
              className={`${inputClass} font-mono`}
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder="/path/to/model"
            />
          </Field>
        )}
        <Field
          label="Custom chat template (optional)"
          htmlFor="tk-template"
          error={fe.chatTemplate}
          hint={
            template
              ? `Using ${template.name} instead of the tokenizer's template.`
              : "A Jinja file; overrides the tokenizer's own template."
          }
        >
          <div className="flex items-center gap-2">
            <input
              key={fileKey}
              id="tk-template"
              type="file"
              accept=".jinja,.j2,.txt,.jinja2,text/plain"
              className="block w-full text-xs file:mr-2 file:rounded file:border-0 file:bg-zinc-100 file:px-2 file:py-1 file:text-xs dark:file:bg-zinc-800"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                setTemplate(f ? { name: f.name, text: await f.text() } : null);
              }}
            />
            {template && (
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => {
                  setTemplate(null);
                  setFileKey((k) => k + 1);
                }}
              >
                Clear
              </Button>
            )}
          </div>
        </Field>
        <Field
          label="Sample size"
          htmlFor="tk-samples"
          error={fe.numSamples}
          hint="Seeded sample; empty = every rollout."
        >
          <div className="flex gap-2">
            <input
              id="tk-samples"
              type="number"
              min={1}
              className={inputClass}
              value={numSamples}
              onChange={(e) => setNumSamples(e.target.value)}
              placeholder="all"
            />
            <input
              aria-label="Seed"
              title="Seed"
              type="number"
              min={0}
              className={`${inputClass} w-20`}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </div>
        </Field>
        <Field
          label="Steps"
          htmlFor="tk-steps"
          error={fe.numSteps}
          hint="max_length values evaluated, up to the longest example."
        >
          <input
            id="tk-steps"
            type="number"
            min={2}
            max={200}
            className={inputClass}
            value={numSteps}
            onChange={(e) => setNumSteps(e.target.value)}
          />
        </Field>
        <Field
          label="Loss budget (% of trained tokens)"
          htmlFor="tk-budget"
          error={fe.lossBudget}
          hint="The recommended max_length loses at most this much."
        >
          <input
            id="tk-budget"
            type="number"
            min={0}
            max={100}
            step="0.1"
            className={inputClass}
            value={budgetPct}
            onChange={(e) => setBudgetPct(e.target.value)}
          />
        </Field>
        <Field label="Trained tokens (mask)" htmlFor="tk-mask">
          <select
            id="tk-mask"
            className={inputClass}
            value={mask}
            onChange={(e) => setMask(e.target.value as TrainMask)}
          >
            {TRAIN_MASKS.map((m) => (
              <option key={m} value={m}>
                {MASK_LABELS[m][0].toUpperCase() + MASK_LABELS[m].slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Count what this export writes"
          htmlFor="tk-format"
          hint="The conversations are rendered exactly as this export format writes them (system prompt, trimming, tools)."
        >
          <select
            id="tk-format"
            className={inputClass}
            value={format}
            onChange={(e) => setFormat(e.target.value as typeof format)}
          >
            {ANALYSABLE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {exportFormatInfo(f)?.label ?? f}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="max_length to check (optional)"
          htmlFor="tk-maxlen"
          error={fe.maxLength}
          hint="Counts examples left with zero trained tokens; default: the recommended one."
        >
          <input
            id="tk-maxlen"
            type="number"
            min={1}
            className={inputClass}
            value={maxLength}
            onChange={(e) => setMaxLength(e.target.value)}
            placeholder="recommended"
          />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={removeSystem} onChange={(e) => setRemoveSystem(e.target.checked)} />
          Remove system prompt
        </label>
        <Button type="submit" variant="primary" disabled={pending || !dataset} className="ml-auto">
          {pending ? 'Starting…' : 'Analyse'}
        </Button>
      </div>
      {error && <ErrorBox code={error.code} message={error.message} />}
    </form>
  );
}
