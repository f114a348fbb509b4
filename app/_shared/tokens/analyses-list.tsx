import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { JobRow } from '@/lib/db/jobs';
import { isTokenAnalysisResult } from '@/lib/token-stats/analysis';
import { fmtDate, fmtInt } from '@/lib/ui/format';

const tone = { done: 'good', failed: 'bad', canceled: 'warn', running: 'info', queued: 'info' } as const;

function payloadOf(job: JobRow) {
  const p = (job.payload ?? {}) as Record<string, unknown>;
  return {
    datasetId: typeof p.datasetId === 'number' ? p.datasetId : null,
    datasetName: typeof p.datasetName === 'string' ? p.datasetName : null,
    tokenizer: typeof p.tokenizer === 'string' ? p.tokenizer : '?',
    template: typeof p.chatTemplateName === 'string' ? p.chatTemplateName : null,
    numSamples: typeof p.numSamples === 'number' ? p.numSamples : null,
  };
}

/** The last analyses (newest first), each linking to its results. */
export function AnalysesList({
  jobs,
  showDataset,
  currentJobId,
}: {
  jobs: JobRow[];
  showDataset?: boolean;
  currentJobId?: string;
}) {
  if (jobs.length === 0) return <p className="text-sm text-zinc-500">No analyses yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Recent analyses">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="py-1.5 pr-3 font-medium">Started</th>
            {showDataset && <th className="py-1.5 pr-3 font-medium">Dataset</th>}
            <th className="py-1.5 pr-3 font-medium">Tokenizer</th>
            <th className="py-1.5 pr-3 text-right font-medium">Rollouts</th>
            <th className="py-1.5 pr-3 text-right font-medium">Recommended</th>
            <th className="py-1.5 pr-3 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => {
            const p = payloadOf(j);
            const r = isTokenAnalysisResult(j.result) ? j.result : null;
            const href = p.datasetId ? `/datasets/${p.datasetId}/tokens?job=${j.id}` : null;
            return (
              <tr
                key={j.id}
                className={`border-t border-zinc-100 dark:border-zinc-800 ${j.id === currentJobId ? 'bg-indigo-50/60 dark:bg-indigo-950/30' : ''}`}
              >
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  {href ? (
                    <Link href={href} className="text-indigo-700 hover:underline dark:text-indigo-400">
                      {fmtDate(j.createdAt)}
                    </Link>
                  ) : (
                    fmtDate(j.createdAt)
                  )}
                </td>
                {showDataset && <td className="py-1.5 pr-3">{p.datasetName ?? `#${p.datasetId}`}</td>}
                <td className="max-w-[18rem] truncate py-1.5 pr-3 font-mono text-xs" title={p.tokenizer}>
                  {p.tokenizer}
                  {p.template && <span className="text-zinc-500"> + {p.template}</span>}
                </td>
                <td className="tabular py-1.5 pr-3 text-right">
                  {r ? fmtInt(r.rollouts) : p.numSamples ? `≤ ${fmtInt(p.numSamples)}` : 'all'}
                </td>
                <td className="tabular py-1.5 pr-3 text-right">{r ? fmtInt(r.recommendedMaxLength) : '—'}</td>
                <td className="py-1.5 pr-3">
                  <Badge tone={tone[j.status]}>{j.status}</Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
