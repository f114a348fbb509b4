import Link from 'next/link';
import type { ReactNode } from 'react';
import type { RolloutDetail, TrialSummary } from '@/lib/db/rollout-detail';
import { Badge } from '@/components/ui/badge';
import { fmtInt, fmtNum } from '@/lib/ui/format';
import { metricLabel, REWARD_METRIC } from '@/lib/ui/reward-metric';
import { SuccessBadge } from '@/components/conversation/outcome';
import { MetaRow } from './meta-row';

function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1">
      <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`min-w-0 truncate text-right text-zinc-900 dark:text-zinc-100 ${mono ? 'font-mono text-xs' : ''}`}>
        {children}
      </dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-zinc-200 px-4 py-3 first:border-t-0 dark:border-zinc-800">
      <h2 className="mb-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
      </h2>
      <dl className="text-sm">{children}</dl>
    </section>
  );
}

const TERMINATION_KEYS = ['termination_reason', 'terminationReason', 'stop_reason', 'finish_reason'];

function metaValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** Outcome, metrics, task, source and meta of one rollout: the viewer's side panel. */
export function MetricsPanel({
  rollout,
  trials,
  compareQs,
}: {
  rollout: RolloutDetail;
  trials: TrialSummary[];
  compareQs: string;
}) {
  // A `reward` metric equal to the reward is not shown twice (lib/ui/reward-metric.ts).
  const metricNames = Object.keys(rollout.metrics)
    .filter((n) => !(n === REWARD_METRIC && rollout.metrics[n] === rollout.reward))
    .sort();
  const termKey = TERMINATION_KEYS.find((k) => rollout.meta[k] !== undefined);
  const metaKeys = Object.keys(rollout.meta)
    .filter((k) => k !== termKey)
    .sort();
  return (
    <aside
      aria-label="Rollout details"
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-3 px-4 py-3">
        <div>
          <div className="text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            Reward
          </div>
          <div data-testid="reward" className="text-2xl font-semibold tabular">
            {fmtNum(rollout.reward)}
          </div>
        </div>
        <SuccessBadge success={rollout.success} />
      </div>
      {metricNames.length > 0 && (
        <Section title="Metrics">
          {metricNames.map((name) => (
            <Row key={name} label={metricLabel(name)} mono>
              {fmtNum(rollout.metrics[name])}
            </Row>
          ))}
        </Section>
      )}
      <Section title="Rollout">
        <Row label="Task">{rollout.taskId ?? '—'}</Row>
        <Row label="Trial">{rollout.trial ?? '—'}</Row>
        <Row label="Split">{rollout.split ?? '—'}</Row>
        {termKey && <Row label="Termination">{metaValue(rollout.meta[termKey])}</Row>}
        <Row label="Messages">{fmtInt(rollout.numMessages)}</Row>
        <Row label="Assistant turns">{fmtInt(rollout.numTurns)}</Row>
        <Row label="Tool calls">{fmtInt(rollout.numToolCalls)}</Row>
        {rollout.pairId && (
          <Row label="Pair">
            {rollout.pairSide} · <span className="font-mono text-xs">{rollout.pairId}</span>
          </Row>
        )}
      </Section>
      <Section title="Source">
        <Row label="File" mono>
          <span title={rollout.sourceFile}>{rollout.sourceFile}</span>
        </Row>
        <Row label="Record">{fmtInt(rollout.sourceRecord)}</Row>
        {rollout.sourceLine !== null && <Row label="Line">{fmtInt(rollout.sourceLine)}</Row>}
        <Row label="External id" mono>
          <span title={rollout.externalId}>{rollout.externalId}</span>
        </Row>
        <Row label="Content hash" mono>
          <span title={rollout.contentHash}>{rollout.contentHash.slice(0, 12)}</span>
        </Row>
      </Section>
      {metaKeys.length > 0 && (
        <Section title="Meta">
          {metaKeys.map((k) => (
            <MetaRow key={k} name={k} value={rollout.meta[k]} />
          ))}
        </Section>
      )}
      {trials.length > 1 && (
        <section className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="mb-2 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            Trials of this task
          </h2>
          <ul className="flex flex-col gap-1 text-sm">
            {trials.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-2">
                {t.id === rollout.id ? (
                  <span className="font-medium">Trial {t.trial ?? '—'} (this)</span>
                ) : (
                  <Link
                    prefetch={false}
                    href={`/datasets/${rollout.datasetId}/rollouts/${t.id}${compareQs}`}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    Trial {t.trial ?? '—'}
                  </Link>
                )}
                <span className="flex items-center gap-2">
                  <span className="tabular text-zinc-600 dark:text-zinc-400">{fmtNum(t.reward)}</span>
                  {t.success !== null && <Badge tone={t.success ? 'good' : 'bad'}>{t.success ? 'pass' : 'fail'}</Badge>}
                  {t.id !== rollout.id && (
                    <Link
                      prefetch={false}
                      href={`/compare?a=${rollout.id}&b=${t.id}${compareQs ? `&${compareQs.slice(1)}` : ''}`}
                      className="text-xs text-zinc-500 hover:text-indigo-600 hover:underline dark:hover:text-indigo-400"
                      aria-label={`Compare with trial ${t.trial ?? t.id}`}
                    >
                      compare
                    </Link>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
