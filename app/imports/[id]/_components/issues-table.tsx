import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { ParseIssue } from '@/lib/formats/types';
import { fmtInt } from '@/lib/ui/format';

/** Problems found in the file, one row per issue: where (record, line, JSON path) and why. */
export function IssuesTable({ issues, total }: { issues: ParseIssue[]; total: number }) {
  if (issues.length === 0) return <p className="text-sm text-zinc-500">No issues: every record was read.</p>;
  return (
    <div>
      {total > issues.length && (
        <p className="mb-2 text-xs text-zinc-500">
          Showing the first {fmtInt(issues.length)} of {fmtInt(total)} issues.
        </p>
      )}
      <div className="-mx-4 max-h-[32rem] overflow-auto">
        <Table aria-label="Issues" layout="framed">
          <THead banded sticky>
            <tr>
              <Th numeric>Record</Th>
              <Th numeric>Line</Th>
              <Th>Path</Th>
              <Th>Message</Th>
            </tr>
          </THead>
          <TBody>
            {issues.map((i, n) => (
              <Tr key={n}>
                <Td numeric>{i.record < 0 ? 'file' : i.record}</Td>
                <Td numeric>{i.line ?? '—'}</Td>
                <Td className="font-mono text-xs">{i.path}</Td>
                <Td>{i.message}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
    </div>
  );
}
