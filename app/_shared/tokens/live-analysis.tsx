'use client';

import Link from 'next/link';
import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTokenColumns } from '@/components/tokens/use-token-columns';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import {
  MASK_LABELS,
  timedReport,
  TRAIN_MASKS,
  type TokenQuantity,
  type TokenReport,
  type TrainMask,
} from '@/lib/token-report';
import type { TokenAnalysisResult } from '@/lib/token-stats/analysis';
import { fmtInt } from '@/lib/ui/format';
import { TokenFigures, type FigurePanel } from './token-figures';

const QUANTITIES: { key: TokenQuantity; title: string; color: string }[] = [
  { key: 'total', title: 'Total tokens per example', color: '#6366f1' },
  { key: 'system', title: 'System tokens (preamble, system, tools)', color: '#0ea5e9' },
  { key: 'assistant', title: 'Assistant tokens per example', color: '#10b981' },
  { key: 'conversation', title: 'Conversation tokens (total − system)', color: '#f97316' },
];

/** What the page draws: a report computed in the browser, or the stored one until the columns arrive. */
type View = Pick<
  TokenReport,
  | 'count'
  | 'totalTokens'
  | 'trainedTokens'
  | 'stats'
  | 'histograms'
  | 'truncation'
  | 'recommendedMaxLength'
  | 'zeroTrained'
>;

/** Prepares the five series (charts decide nothing). */
export function figurePanels(v: View, budgetPct: number): FigurePanel[] {
  const hist = (q: (typeof QUANTITIES)[number]): FigurePanel => ({
    kind: 'histogram',
    id: q.key,
    title: q.title,
    bins: v.histograms[q.key].bins,
    mean: v.stats[q.key].mean,
    std: v.stats[q.key].std,
    color: q.color,
  });
  return [
    hist(QUANTITIES[0]),
    {
      kind: 'truncation',
      id: 'truncation',
      title: 'Trained tokens lost by max_length',
      points: v.truncation.map((s) => ({
        maxLength: s.maxLength,
        lostAllPct: s.lostAllFraction * 100,
        lostLastPct: s.lostLastFraction * 100,
        lostCompletionPct: s.lostCompletionFraction * 100,
        lostAll: s.lostAll,
        lostLast: s.lostLast,
        lostCompletion: s.lostCompletion,
        truncated: s.truncated,
      })),
      recommended: v.recommendedMaxLength,
      budgetPct,
    },
    hist(QUANTITIES[1]),
    hist(QUANTITIES[2]),
    hist(QUANTITIES[3]),
  ];
}

function Tile({ label, value, detail }: { label: ReactNode; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold">{value}</dd>
      {detail && <dd className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{detail}</dd>}
    </div>
  );
}

declare global {
  interface Window {
    /** Recompute times (ms), read by the browser benchmark (e2e/tokens-bench.spec.ts). */
    __siftTokenRecomputes?: number[];
    /** Times (ms) of preparing a "remove system prompt" setting in the background. */
    __siftTokenPrepares?: number[];
  }
}

interface Settings {
  mask: TrainMask;
  removeSystem: boolean;
  /** null: the recommended max_length. */
  maxLength: number | null;
}

/**
 * The analysis' figures, recomputed in the browser whenever max_length, the mask or "remove system
 * prompt" change: the per-rollout columns are fetched once and lib/token-report computes the five
 * charts, the truncation table and the zero-trained count from them (the function the job used to
 * store its result, so the first view and every recompute agree).
 */
export function LiveAnalysis({ result: r, jobId }: { result: TokenAnalysisResult; jobId: string }) {
  const o = r.options;
  const state = useTokenColumns(r.columnsFile ? `/api/token-analyses/${jobId}/columns` : null);
  const [settings, setSettings] = useState<Settings>({
    mask: o.mask,
    removeSystem: o.removeSystemMessages,
    maxLength: o.maxLength ?? null,
  });
  const [maxText, setMaxText] = useState(o.maxLength ? String(o.maxLength) : '');
  const deferred = useDeferredValue(settings);
  const columns = state.status === 'ready' ? state.columns : null;

  const { view, ms } = useMemo((): { view: View; ms: number | null } => {
    if (!columns) return { view: { ...r, count: r.rollouts }, ms: null };
    const { report, ms } = timedReport(columns, {
      mask: deferred.mask,
      removeSystem: deferred.removeSystem,
      maxLength: deferred.maxLength,
      numSteps: o.numSteps,
      lossBudget: o.lossBudget,
    });
    return { view: report, ms };
  }, [columns, deferred, r, o.numSteps, o.lossBudget]);
  useEffect(() => {
    if (ms !== null) (window.__siftTokenRecomputes ??= []).push(ms);
  }, [ms, view]);
  // The other "remove system prompt" setting is prepared while the page is idle, so switching it
  // is as quick as changing the mask or max_length (report.ts keeps both per columns object).
  useEffect(() => {
    if (!columns) return;
    const other = !settings.removeSystem;
    const t = setTimeout(() => {
      (window.__siftTokenPrepares ??= []).push(timedReport(columns, { removeSystem: other, numSteps: 2 }).ms);
    }, 50);
    return () => clearTimeout(t);
  }, [columns, settings.removeSystem]);

  const shown = columns
    ? deferred
    : { mask: o.mask, removeSystem: o.removeSystemMessages, maxLength: o.maxLength ?? null };
  const noSysAll = r.noSysUnknown >= r.rollouts;
  const zeroAt = view.zeroTrained.maxLength;
  const zeroHref =
    `/datasets/${r.datasetId}/tokens/zero-trained?job=${jobId}&maxLength=${zeroAt}&mask=${shown.mask}` +
    (shown.removeSystem ? '&nosys=1' : '');
  const date = new Date().toISOString().slice(0, 10);
  const maskLabel = MASK_LABELS[shown.mask];
  const budgetPct = o.lossBudget * 100;

  return (
    <div className="space-y-4">
      <fieldset
        aria-label="Recompute"
        className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
        disabled={!columns}
      >
        <div>
          <label htmlFor="tk-live-max" className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            max_length
          </label>
          <input
            id="tk-live-max"
            type="number"
            min={1}
            placeholder={`recommended (${fmtInt(view.recommendedMaxLength)})`}
            className="w-48 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            value={maxText}
            onChange={(e) => {
              setMaxText(e.target.value);
              const n = Number(e.target.value);
              setSettings((s) => ({
                ...s,
                maxLength: e.target.value.trim() && Number.isInteger(n) && n > 0 ? n : null,
              }));
            }}
          />
        </div>
        <div role="radiogroup" aria-label="Trained tokens" className="flex flex-wrap gap-3">
          {TRAIN_MASKS.map((m) => (
            <label key={m} className="flex items-center gap-1.5">
              <input
                type="radio"
                name={`tk-live-mask-${jobId}`}
                checked={settings.mask === m}
                onChange={() => setSettings((s) => ({ ...s, mask: m }))}
              />
              {MASK_LABELS[m]}
            </label>
          ))}
        </div>
        <label className="flex items-center gap-1.5" title={noSysAll ? 'Not known for this template' : undefined}>
          <input
            type="checkbox"
            checked={settings.removeSystem}
            disabled={noSysAll}
            onChange={(e) => setSettings((s) => ({ ...s, removeSystem: e.target.checked }))}
          />
          Remove system prompt
        </label>
        <span className="ml-auto text-xs text-zinc-500" data-testid="recompute-status">
          {state.status === 'loading' && 'Loading per-rollout counts…'}
          {state.status === 'error' && `Figures as stored (${state.message})`}
          {state.status === 'ready' &&
            `Recomputed in the browser from ${fmtInt(columns!.n)} rollouts${ms !== null ? ` in ${ms.toFixed(1)} ms` : ''}`}
        </span>
      </fieldset>
      {shown.removeSystem && r.noSysUnknown > 0 && !noSysAll && (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          {fmtInt(r.noSysUnknown)} rollouts have a system message after the first turn (or a template that renders other
          turns differently without one): they keep their system prompt in these figures.
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Tile
          label="Rollouts analysed"
          value={fmtInt(view.count)}
          detail={`of ${fmtInt(r.datasetRollouts)} in the dataset${r.skipped ? ` · ${fmtInt(r.skipped)} not in this export` : ''}`}
        />
        <Tile
          label="Total tokens"
          value={fmtInt(view.totalTokens)}
          detail={`${fmtInt(view.trainedTokens[shown.mask])} trained (${maskLabel})`}
        />
        <Tile
          label="Recommended max_length"
          value={<span data-testid="recommended-max-length">{fmtInt(view.recommendedMaxLength)}</span>}
          detail={`loses ≤ ${budgetPct.toFixed(1)}% of the tokens trained on ${maskLabel}`}
        />
        <Tile
          label={`Zero trained tokens at ${fmtInt(zeroAt)}`}
          value={<span data-testid="zero-trained-count">{fmtInt(view.zeroTrained.count)}</span>}
          detail={
            view.zeroTrained.count > 0 ? (
              <Link className="text-indigo-700 underline dark:text-indigo-400" href={zeroHref}>
                List these examples
              </Link>
            ) : (
              'none: every example keeps some'
            )
          }
        />
      </dl>
      <TokenFigures
        panels={figurePanels(view, budgetPct)}
        figureTitle={`Token analysis · ${r.datasetName} · ${o.tokenizer}`}
        notes={[
          `Tokenizer: ${o.tokenizer}${r.isCustomTemplate ? ` + ${o.chatTemplateName ?? 'custom template'}` : ''}`,
          `Template sha256: ${r.templateHash.slice(0, 16)}…`,
          `Measured: ${o.shape.format}${shown.removeSystem ? ', no system prompt' : ''}`,
          `Rollouts: ${fmtInt(view.count)} of ${fmtInt(r.datasetRollouts)}${o.numSamples ? ` (seed ${o.seed})` : ''}`,
          `Total tokens: ${fmtInt(view.totalTokens)}`,
          `Recommended max_length: ${fmtInt(view.recommendedMaxLength)}`,
          `  loses ≤ ${budgetPct.toFixed(1)}% (${maskLabel})`,
          `Zero trained at ${fmtInt(zeroAt)}: ${fmtInt(view.zeroTrained.count)} examples`,
        ]}
        fileStem={`tokens-${r.datasetId}-${date}`}
      />
      <section
        aria-label="Truncation table"
        className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Table layout="framed">
          <THead>
            <tr>
              {['max_length', 'examples cut', `trained lost (${maskLabel})`, 'lost %', 'zero trained'].map((h) => (
                <Th key={h} numeric>
                  {h}
                </Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {view.truncation.map((s) => {
              const [lost, frac, zero] =
                shown.mask === 'all'
                  ? [s.lostAll, s.lostAllFraction, s.zeroTrainedAll]
                  : shown.mask === 'last'
                    ? [s.lostLast, s.lostLastFraction, s.zeroTrainedLast]
                    : [s.lostCompletion, s.lostCompletionFraction, s.zeroTrainedCompletion];
              return (
                <Tr key={s.maxLength}>
                  <Td numeric>{fmtInt(s.maxLength)}</Td>
                  <Td numeric>{fmtInt(s.truncated)}</Td>
                  <Td numeric>{fmtInt(lost)}</Td>
                  <Td numeric>{(frac * 100).toFixed(2)}%</Td>
                  <Td numeric>{fmtInt(zero)}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </section>
      <section
        aria-label="Summary statistics"
        className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Table layout="framed">
          <THead>
            <tr>
              <Th>Tokens per example</Th>
              {['mean', 'std', 'p50', 'p95', 'max'].map((h) => (
                <Th key={h} numeric>
                  {h}
                </Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {QUANTITIES.map((q) => {
              const s = view.stats[q.key];
              return (
                <Tr key={q.key}>
                  <Td>{q.key}</Td>
                  {[s.mean, s.std, s.p50, s.p95, s.max].map((v, i) => (
                    <Td key={i} numeric>
                      {v.toLocaleString('en-US', { maximumFractionDigits: 1 })}
                    </Td>
                  ))}
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </section>
    </div>
  );
}
