import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { ImportRow } from '@/lib/db/overview';
import { fmtDate, fmtInt } from '@/lib/ui/format';

const statusTone = {
  done: 'good',
  failed: 'bad',
  canceled: 'warn',
  running: 'info',
  queued: 'info',
  noop: 'neutral',
} as const;

export function ImportsTable({ imports }: { imports: ImportRow[] }) {
  if (imports.length === 0) return <p className="text-sm text-zinc-500">No imports yet.</p>;
  return (
    <div className="-mx-4 -my-4 overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
          <tr>
            <th className="px-4 py-2 font-medium">File</th>
            <th className="px-3 py-2 font-medium">Format</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 text-right font-medium">Read</th>
            <th className="px-3 py-2 text-right font-medium">Imported</th>
            <th className="px-3 py-2 text-right font-medium">Skipped</th>
            <th className="px-3 py-2 text-right font-medium">Duplicates</th>
            <th className="px-3 py-2 text-right font-medium">Issues</th>
            <th className="px-4 py-2 font-medium">Date</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {imports.map((i) => (
            <tr key={i.id}>
              <td className="max-w-[22rem] truncate px-4 py-1.5 font-mono text-xs" title={i.fileName}>
                {i.jobId ? (
                  <Link href={`/imports/${i.jobId}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                    {i.fileName}
                  </Link>
                ) : (
                  i.fileName
                )}
              </td>
              <td className="px-3 py-1.5 text-xs">{i.format ?? '—'}</td>
              <td className="px-3 py-1.5">
                <Badge tone={statusTone[i.status as keyof typeof statusTone] ?? 'neutral'}>{i.status}</Badge>
              </td>
              <td className="tabular px-3 py-1.5 text-right">{fmtInt(i.read)}</td>
              <td className="tabular px-3 py-1.5 text-right">{fmtInt(i.imported)}</td>
              <td className="tabular px-3 py-1.5 text-right">{fmtInt(i.skipped)}</td>
              <td className="tabular px-3 py-1.5 text-right">{fmtInt(i.duplicates)}</td>
              <td className="tabular px-3 py-1.5 text-right">
                {i.issueCount > 0 ? (
                  <span className="text-amber-700 dark:text-amber-400">{fmtInt(i.issueCount)}</span>
                ) : (
                  0
                )}
              </td>
              <td className="whitespace-nowrap px-4 py-1.5 text-xs text-zinc-500">{fmtDate(i.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
