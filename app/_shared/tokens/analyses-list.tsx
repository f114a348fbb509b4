import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
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
      <Table aria-label="Recent analyses">
        <THead>
          <tr>
            <Th>Started</Th>
            {showDataset && <Th>Dataset</Th>}
            <Th>Tokenizer</Th>
            <Th numeric>Rollouts</Th>
            <Th numeric>Recommended</Th>
            <Th>Status</Th>
          </tr>
        </THead>
        <TBody>
          {jobs.map((j) => {
            const p = payloadOf(j);
            const r = isTokenAnalysisResult(j.result) ? j.result : null;
            const href = p.datasetId ? `/datasets/${p.datasetId}/tokens?job=${j.id}` : null;
            return (
              <Tr key={j.id} selected={j.id === currentJobId}>
                <Td className="whitespace-nowrap">
                  {href ? (
                    <Link href={href} className="text-indigo-700 hover:underline dark:text-indigo-400">
                      {fmtDate(j.createdAt)}
                    </Link>
                  ) : (
                    fmtDate(j.createdAt)
                  )}
                </Td>
                {showDataset && <Td>{p.datasetName ?? `#${p.datasetId}`}</Td>}
                <Td className="max-w-[18rem] truncate font-mono text-xs" title={p.tokenizer}>
                  {p.tokenizer}
                  {p.template && <span className="text-zinc-500"> + {p.template}</span>}
                </Td>
                <Td numeric>{r ? fmtInt(r.rollouts) : p.numSamples ? `≤ ${fmtInt(p.numSamples)}` : 'all'}</Td>
                <Td numeric>{r ? fmtInt(r.recommendedMaxLength) : '—'}</Td>
                <Td>
                  <Badge tone={tone[j.status]}>{j.status}</Badge>
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </div>
  );
}
