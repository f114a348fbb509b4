import Link from 'next/link';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { TokenAnalysisResult, TokenQuantity } from '@/lib/token-stats/analysis';
import { fmtInt } from '@/lib/ui/format';
import { WarningBox } from './analysis-error';
import { TokenFigures, type FigurePanel } from './token-figures';

const QUANTITIES: { key: TokenQuantity; title: string; color: string }[] = [
  { key: 'total', title: 'Total tokens per example', color: '#6366f1' },
  { key: 'system', title: 'System tokens (preamble, system, tools)', color: '#0ea5e9' },
  { key: 'assistant', title: 'Assistant tokens per example', color: '#10b981' },
  { key: 'conversation', title: 'Conversation tokens (total − system)', color: '#f97316' },
];

/** Prepares the five series from the stored aggregate (charts decide nothing). */
export function figurePanels(r: TokenAnalysisResult): FigurePanel[] {
  const hist = (q: (typeof QUANTITIES)[number]): FigurePanel => ({
    kind: 'histogram',
    id: q.key,
    title: q.title,
    bins: r.histograms[q.key].bins,
    mean: r.stats[q.key].mean,
    std: r.stats[q.key].std,
    color: q.color,
  });
  return [
    hist(QUANTITIES[0]),
    {
      kind: 'truncation',
      id: 'truncation',
      title: 'Trained tokens lost by max_length',
      points: r.truncation.map((s) => ({
        maxLength: s.maxLength,
        lostAllPct: s.lostAllFraction * 100,
        lostLastPct: s.lostLastFraction * 100,
        lostAll: s.lostAll,
        lostLast: s.lostLast,
        truncated: s.truncated,
      })),
      recommended: r.recommendedMaxLength,
      budgetPct: r.options.lossBudget * 100,
    },
    hist(QUANTITIES[1]),
    hist(QUANTITIES[2]),
    hist(QUANTITIES[3]),
  ];
}

function Tile({ label, value, detail }: { label: string; value: React.ReactNode; detail?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold">{value}</dd>
      {detail && <dd className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{detail}</dd>}
    </div>
  );
}

export function AnalysisView({ result: r, jobId }: { result: TokenAnalysisResult; jobId: string }) {
  const o = r.options;
  const maskLabel = o.mask === 'all' ? 'assistant' : 'last-turn';
  const zeroHref = `/datasets/${r.datasetId}/tokens/zero-trained?job=${jobId}`;
  const date = new Date().toISOString().slice(0, 10);
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-mono">{o.tokenizer}</span>
        {r.isCustomTemplate ? (
          <> with custom template {o.chatTemplateName && <span className="font-mono">{o.chatTemplateName}</span>}</>
        ) : (
          <> with its own chat template</>
        )}
        {' · '}template sha256{' '}
        <span className="font-mono" title={r.templateHash}>
          {r.templateHash.slice(0, 12)}
        </span>
        {' · '}
        {o.numSamples ? `sample of ${fmtInt(o.numSamples)} (seed ${o.seed})` : 'every rollout'}
        {o.removeSystemMessages && ' · system messages removed'}
        {' · '}
        {o.mask === 'all' ? 'all assistant turns trained' : 'last assistant turn trained'}
        {' · '}
        {r.cached === r.rollouts ? 'all from cache' : `${fmtInt(r.cached)} cached`}, {(r.durationMs / 1000).toFixed(1)}{' '}
        s
      </p>
      {r.warnings.length > 0 && (
        <WarningBox>
          <p className="font-semibold">Warnings</p>
          <ul className="mt-1 list-disc pl-5">
            {r.warnings.map((w) => (
              <li key={w}>
                {w === 'template ignores tools'
                  ? 'The chat template ignores tools: the model would be trained without seeing its tool definitions.'
                  : w}
              </li>
            ))}
          </ul>
        </WarningBox>
      )}
      {r.failed > 0 && (
        <WarningBox>
          {fmtInt(r.failed)} rollouts could not be rendered and are left out, e.g.{' '}
          <Link className="underline" href={`/datasets/${r.datasetId}/rollouts/${r.errors[0]?.rolloutId}`}>
            rollout {r.errors[0]?.rolloutId}
          </Link>
          : {r.errors[0]?.message}
        </WarningBox>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Tile
          label="Rollouts analysed"
          value={fmtInt(r.rollouts)}
          detail={`of ${fmtInt(r.datasetRollouts)} in the dataset`}
        />
        <Tile
          label="Total tokens"
          value={fmtInt(r.totalTokens)}
          detail={`${fmtInt(o.mask === 'all' ? r.trainedTokens.all : r.trainedTokens.last)} trained`}
        />
        <Tile
          label="Recommended max_length"
          value={<span data-testid="recommended-max-length">{fmtInt(r.recommendedMaxLength)}</span>}
          detail={`loses ≤ ${(o.lossBudget * 100).toFixed(1)}% of ${maskLabel} tokens`}
        />
        <Tile
          label={`Zero trained tokens at ${fmtInt(r.zeroTrained.maxLength)}`}
          value={fmtInt(r.zeroTrained.count)}
          detail={
            r.zeroTrained.count > 0 ? (
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
        panels={figurePanels(r)}
        figureTitle={`Token analysis · ${r.datasetName} · ${o.tokenizer}`}
        notes={[
          `Tokenizer: ${o.tokenizer}${r.isCustomTemplate ? ` + ${o.chatTemplateName ?? 'custom template'}` : ''}`,
          `Template sha256: ${r.templateHash.slice(0, 16)}…`,
          `Rollouts: ${fmtInt(r.rollouts)} of ${fmtInt(r.datasetRollouts)}${o.numSamples ? ` (seed ${o.seed})` : ''}`,
          `Total tokens: ${fmtInt(r.totalTokens)}`,
          `Recommended max_length: ${fmtInt(r.recommendedMaxLength)}`,
          `  loses ≤ ${(o.lossBudget * 100).toFixed(1)}% of ${maskLabel} tokens`,
          `Zero trained at ${fmtInt(r.zeroTrained.maxLength)}: ${fmtInt(r.zeroTrained.count)} examples`,
        ]}
        fileStem={`tokens-${r.datasetId}-${date}`}
      />
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
              const s = r.stats[q.key];
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
