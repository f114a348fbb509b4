import type { ExportPreview } from '@/lib/export/select';
import { fmtInt } from '@/lib/ui/format';
import { splitEntries } from './split-order';

const UNIT: Record<ExportPreview['kind'], string> = {
  sft: 'rollouts',
  ppo: 'rollouts',
  preference: 'pairs',
  kto: 'examples',
};

/** What the export will write, from the same selection the export runs (evaluateRecipe + splits). */
export function PreviewCounts({ preview, error }: { preview: ExportPreview | null; error: string | null }) {
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
    );
  }
  if (!preview) return <p className="text-sm text-zinc-500">Pick a dataset to see what will be exported.</p>;
  const splits = splitEntries(preview.perSplit);
  return (
    <div role="status" aria-label="Export preview" className="space-y-1.5 text-sm">
      <p>
        <span className="text-2xl font-semibold tabular" data-testid="preview-items">
          {fmtInt(preview.items)}
        </span>{' '}
        {UNIT[preview.kind]} will be exported
      </p>
      {splits.length > 0 && (
        <p className="text-zinc-600 tabular dark:text-zinc-400">
          {splits.map(([name, n]) => `${name} ${fmtInt(n)}`).join(' · ')}
        </p>
      )}
      {preview.kind === 'kto' && preview.kto && (
        <p className="text-zinc-600 tabular dark:text-zinc-400">
          desirable {fmtInt(preview.kto.desirable)} · undesirable {fmtInt(preview.kto.undesirable)}
        </p>
      )}
      {preview.expectedRows !== preview.items && (
        <p className="text-xs text-zinc-500">{fmtInt(preview.expectedRows)} rows: one per distinct prompt.</p>
      )}
      <p className="text-xs text-zinc-500">
        Recipe: SFT keeps {fmtInt(preview.sft.kept)} of {fmtInt(preview.sft.kept + preview.sft.dropped)} · DPO{' '}
        {fmtInt(preview.dpo.pairs)} pairs
      </p>
      {preview.notes.map((n) => (
        <p key={n} className="text-xs text-amber-700 dark:text-amber-400">
          {n}
        </p>
      ))}
    </div>
  );
}
