'use client';

import { useRef, useState } from 'react';
import { TokenHistogramChart, type TokenBin } from '@/components/charts/token-histogram-chart';
import { chartPng, downloadBlob, figurePng, type PngPanel } from '@/components/charts/token-png';
import {
  TokenTruncationChart,
  TRUNCATION_SERIES,
  type TruncationPoint,
} from '@/components/charts/token-truncation-chart';
import { Button } from '@/components/ui/button';

export interface HistogramPanel {
  kind: 'histogram';
  id: string;
  title: string;
  bins: TokenBin[];
  mean: number;
  std: number;
  color: string;
}

export interface TruncationPanel {
  kind: 'truncation';
  id: string;
  title: string;
  points: TruncationPoint[];
  recommended: number;
  budgetPct: number;
}

export type FigurePanel = HistogramPanel | TruncationPanel;

/** The five charts of an analysis, each with a PNG download, and the five-panel figure. */
export function TokenFigures({
  panels,
  figureTitle,
  notes,
  fileStem,
}: {
  panels: FigurePanel[];
  figureTitle: string;
  notes?: string[];
  fileStem: string;
}) {
  const refs = useRef(new Map<string, HTMLDivElement | null>());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pngPanel = (p: FigurePanel): PngPanel => ({
    title: p.title,
    container: refs.current.get(p.id)!,
    legend: p.kind === 'truncation' ? TRUNCATION_SERIES : undefined,
  });
  const run = async (key: string, make: () => Promise<Blob>, name: string) => {
    setBusy(key);
    setError(null);
    try {
      downloadBlob(await make(), name);
    } catch (e) {
      setError(`Could not make the PNG: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Charts</h2>
        <Button
          size="sm"
          variant="secondary"
          disabled={busy !== null}
          onClick={() =>
            run('figure', () => figurePng(figureTitle, panels.map(pngPanel), notes), `${fileStem}-figure.png`)
          }
        >
          {busy === 'figure' ? 'Rendering…' : 'Download figure (PNG)'}
        </Button>
      </div>
      {error && <p className="text-sm text-red-700 dark:text-red-400">{error}</p>}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {panels.map((p) => (
          <figure
            key={p.id}
            className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800"
            aria-label={p.title}
          >
            <figcaption className="mb-1 flex items-start justify-between gap-2">
              <div>
                <div className="text-sm font-semibold text-zinc-900">{p.title}</div>
                {p.kind === 'truncation' ? (
                  <div className="mt-0.5 flex gap-3 text-xs text-zinc-600">
                    {TRUNCATION_SERIES.map((s) => (
                      <span key={s.label} className="flex items-center gap-1">
                        <svg width="18" height="6" aria-hidden>
                          <line
                            x1="0"
                            x2="18"
                            y1="3"
                            y2="3"
                            stroke={s.color}
                            strokeWidth="2"
                            strokeDasharray={s.dashed ? '5 3' : undefined}
                          />
                        </svg>
                        {s.label}
                      </span>
                    ))}
                  </div>
                ) : (
                  <div className="mt-0.5 text-xs text-zinc-600">dashed: mean · shaded: mean ± 1 std</div>
                )}
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Download ${p.title} as PNG`}
                disabled={busy !== null}
                onClick={() => run(p.id, () => chartPng(pngPanel(p)), `${fileStem}-${p.id}.png`)}
              >
                {busy === p.id ? '…' : 'PNG'}
              </Button>
            </figcaption>
            <div
              ref={(el) => {
                refs.current.set(p.id, el);
              }}
            >
              {p.kind === 'histogram' ? (
                <TokenHistogramChart bins={p.bins} mean={p.mean} std={p.std} color={p.color} ariaLabel={p.title} />
              ) : (
                <TokenTruncationChart
                  points={p.points}
                  recommended={p.recommended}
                  budgetPct={p.budgetPct}
                  ariaLabel={p.title}
                />
              )}
            </div>
          </figure>
        ))}
      </div>
    </div>
  );
}
