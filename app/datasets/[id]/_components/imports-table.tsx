import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { OWNER_NAME } from '@/lib/auth/actor';
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
      <Table layout="framed">
        <THead banded>
          <tr>
            <Th>File</Th>
            <Th>Format</Th>
            <Th>Status</Th>
            <Th numeric>Read</Th>
            <Th numeric>Imported</Th>
            <Th numeric>Skipped</Th>
            <Th numeric>Duplicates</Th>
            <Th numeric>Issues</Th>
            <Th>Date</Th>
            <Th>By</Th>
          </tr>
        </THead>
        <TBody>
          {imports.map((i) => (
            <Tr key={i.id}>
              <Td className="max-w-[22rem] truncate font-mono text-xs" title={i.fileName}>
                {i.jobId ? (
                  <Link href={`/imports/${i.jobId}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                    {i.fileName}
                  </Link>
                ) : (
                  i.fileName
                )}
              </Td>
              <Td className="text-xs">{i.format ?? '—'}</Td>
              <Td>
                <Badge tone={statusTone[i.status as keyof typeof statusTone] ?? 'neutral'}>{i.status}</Badge>
              </Td>
              <Td numeric>{fmtInt(i.read)}</Td>
              <Td numeric>{fmtInt(i.imported)}</Td>
              <Td numeric>{fmtInt(i.skipped)}</Td>
              <Td numeric>{fmtInt(i.duplicates)}</Td>
              <Td numeric>
                {i.issueCount > 0 ? (
                  <span className="text-amber-700 dark:text-amber-400">{fmtInt(i.issueCount)}</span>
                ) : (
                  0
                )}
              </Td>
              <Td className="whitespace-nowrap text-xs text-zinc-500">{fmtDate(i.createdAt)}</Td>
              <Td className="whitespace-nowrap text-xs text-zinc-500">{i.createdBy ?? OWNER_NAME}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
