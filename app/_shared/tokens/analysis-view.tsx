import Link from 'next/link';
import type { TokenAnalysisResult } from '@/lib/token-stats/analysis';
import { MASK_LABELS } from '@/lib/token-report/masks';
import { fmtInt } from '@/lib/ui/format';
import { WarningBox } from './analysis-error';
import { LiveAnalysis } from './live-analysis';

/** A finished analysis: what was measured, its warnings, then the live figures. */
export function AnalysisView({ result: r, jobId }: { result: TokenAnalysisResult; jobId: string }) {
  const o = r.options;
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
        {' · stored with '}
        {MASK_LABELS[o.mask]}
        {o.removeSystemMessages && ', no system prompt'}
        {' · '}
        {r.cached === r.rollouts + r.skipped ? 'all from cache' : `${fmtInt(r.cached)} cached`},{' '}
        {(r.durationMs / 1000).toFixed(1)} s
      </p>
      <p className="text-sm" data-testid="measured-shape">
        <span className="font-medium">Measured:</span> the conversations the{' '}
        <span className="font-mono">{o.shape.format}</span> export writes ({r.shapeDescription.replace(/^[^:]+: /, '')}
        ). An export of that format records this analysis in its manifest.
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
      <LiveAnalysis result={r} jobId={jobId} />
    </div>
  );
}
