import { fmtBytes, fmtInt } from '@/lib/ui/format';
import type { JobProgress } from '@/lib/jobs/progress';

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A progress bar with bytes, records/s and ETA, from a job's live progress file. */
export function ProgressBar({
  label,
  fraction,
  children,
}: {
  label: string;
  fraction: number;
  children?: React.ReactNode;
}) {
  const pct = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
  return (
    <div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded bg-indigo-500 transition-[width] duration-300" style={{ width: `${pct}%` }} />
      </div>
      {children && <div className="mt-1 text-xs text-zinc-600 tabular dark:text-zinc-400">{children}</div>}
    </div>
  );
}

export function JobProgressBar({ label, live }: { label: string; live: JobProgress | null }) {
  if (!live)
    return (
      <ProgressBar label={label} fraction={0}>
        Starting…
      </ProgressBar>
    );
  const parts: string[] = [];
  if (live.bytesTotal) parts.push(`${fmtBytes(live.bytesDone ?? 0)} of ${fmtBytes(live.bytesTotal)}`);
  if (live.records) parts.push(`${fmtInt(live.records)} records`);
  // Records are the file's unit; rollouts beside them (a preference pair record stores two).
  if (live.records && live.rollouts !== undefined) parts.push(`${fmtInt(live.rollouts)} rollouts`);
  if (live.rate) parts.push(`${fmtInt(Math.round(live.rate))} records/s`);
  if (live.eta !== undefined && live.eta !== null) parts.push(`ETA ${fmtDuration(live.eta)}`);
  return (
    <ProgressBar label={label} fraction={live.fraction}>
      {live.message}
      {parts.length > 0 && <> · {parts.join(' · ')}</>}
    </ProgressBar>
  );
}
