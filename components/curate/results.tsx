'use client';

import { useMemo } from 'react';
import type { CurationModel, RedFlag } from '@/lib/curation';
import { fmtInt, fmtNum } from '@/lib/ui/format';
import { CurateHistogram, type BinSeries } from '@/components/charts/curate-histogram';
import { CurateTaskSpread } from '@/components/charts/curate-task-spread';
import { Figures, Panel } from './figures';
import type { ModelFacts } from './model-facts';
import { RedFlags } from './red-flags';
import { ExampleSamples, PairSamples } from './samples-view';
import { countBins, spreadPoints, stackedBins } from './series';
import type { CurationView, StaticView } from './use-curation';

const KEPT_DROPPED: BinSeries<'kept' | 'dropped'>[] = [
  { key: 'kept', name: 'kept', color: '#6366f1' },
  { key: 'dropped', name: 'dropped', color: '#a1a1aa', opacity: 0.6 },
];
const PAIRS: BinSeries<'count'>[] = [{ key: 'count', name: 'pairs', color: '#10b981' }];
const ROLLOUTS: BinSeries<'count'>[] = [{ key: 'count', name: 'rollouts', color: '#6366f1' }];

interface Props {
  model: CurationModel;
  facts: ModelFacts;
  view: CurationView;
  statics: StaticView;
  datasetId: number;
}

const flagsFor = (flags: RedFlag[], section: RedFlag['section']) =>
  flags.filter((f) => f.section === section || f.section === 'data');
const range = (min: number | null, max: number | null) => (min === null ? '—' : `${fmtNum(min)} – ${fmtNum(max)}`);

function TaskSpreadPanel({
  view,
  statics,
  facts,
  caption,
  highlight,
}: Pick<Props, 'view' | 'statics' | 'facts'> & { caption: string; highlight: 'covered' | 'spread' }) {
  const points = useMemo(
    () => spreadPoints(statics.spread, view.keptPerTask, highlight),
    [statics.spread, view.keptPerTask, highlight],
  );
  const total = statics.spread.total;
  return (
    <Panel
      title="Reward spread per task"
      aside={
        total > points.length
          ? `${points.length} of ${fmtInt(total)} tasks, evenly along the mean order`
          : `${fmtInt(total)} tasks, by mean reward`
      }
    >
      <CurateTaskSpread points={points} domain={[facts.lo, facts.hi]} ariaLabel="Reward spread per task" />
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{caption}</p>
    </Panel>
  );
}

export function SftResults({ model, facts, view, statics, datasetId }: Props) {
  const s = view.summary.sft;
  const h = s.histogram;
  const nulls = h.nullKept + h.nullDropped;
  return (
    <div className="space-y-3">
      <Figures
        label="SFT figures"
        items={[
          {
            label: 'Examples kept',
            value: fmtInt(s.kept),
            testId: 'sft-kept',
            detail: `${((100 * s.kept) / Math.max(1, facts.n)).toFixed(1)}% of ${fmtInt(facts.n)}`,
          },
          { label: 'Dropped', value: fmtInt(s.dropped) },
          { label: 'Tasks covered', value: fmtInt(s.tasks), detail: `of ${fmtInt(facts.tasks.length)}` },
          { label: 'Mean reward', value: fmtNum(s.mean), detail: 'of kept examples' },
          { label: 'Reward range', value: range(s.min, s.max), detail: 'of kept examples' },
        ]}
      />
      <RedFlags flags={flagsFor(view.summary.redFlags, 'sft')} />
      <Panel
        title="Reward histogram"
        aside={nulls > 0 ? `${fmtInt(nulls)} rollouts without a reward are not drawn` : 'kept and dropped, stacked'}
      >
        <CurateHistogram bins={stackedBins(h)} series={KEPT_DROPPED} ariaLabel="Reward histogram, kept and dropped" />
      </Panel>
      <TaskSpreadPanel
        view={view}
        statics={statics}
        facts={facts}
        highlight="covered"
        caption="Bars span each task's min to max reward over all its rollouts, the dot is its mean. Coloured: tasks with at least one kept example."
      />
      <Panel title="Sample" aside="10 each, seeded; opens in the viewer">
        <ExampleSamples model={model} kept={view.samples.kept} dropped={view.samples.dropped} datasetId={datasetId} />
      </Panel>
    </div>
  );
}

export function DpoResults({ model, view, datasetId }: Props) {
  const d = view.summary.dpo;
  return (
    <div className="space-y-3">
      <Figures
        label="DPO figures"
        items={[
          {
            label: 'Pairs',
            value: fmtInt(d.pairs),
            testId: 'dpo-pairs',
            detail: d.candidatePairs !== d.pairs ? `${fmtInt(d.candidatePairs)} before caps` : 'no cap applied',
          },
          { label: 'Mean gap', value: fmtNum(d.meanGap) },
          { label: 'Min gap', value: fmtNum(d.minGap) },
          { label: 'Max gap', value: fmtNum(d.maxGap) },
          {
            label: 'Gaps ≥ 0.3',
            value: fmtInt(d.gapsAtLeast03),
            detail: d.pairs ? `${((100 * d.gapsAtLeast03) / d.pairs).toFixed(1)}% of pairs` : undefined,
          },
          {
            label: 'Prompts covered',
            value: fmtInt(d.promptsCovered),
            detail: d.truncated ? 'stopped at the 5M pair ceiling' : 'by chosen rollouts',
          },
        ]}
      />
      <RedFlags flags={flagsFor(view.summary.redFlags, 'dpo')} />
      <Panel title="Pair reward gaps" aside="reward(chosen) − reward(rejected)">
        <CurateHistogram bins={countBins(d.gapHistogram)} series={PAIRS} ariaLabel="Pair gap histogram" />
      </Panel>
      <Panel title="Sample pairs" aside="10, seeded; opens in the compare view">
        <PairSamples model={model} pairs={view.samples.pairs} datasetId={datasetId} />
      </Panel>
    </div>
  );
}

export function PpoResults({ facts, view, statics }: Props) {
  const p = view.summary.ppo;
  return (
    <div className="space-y-3">
      <Figures
        label="PPO figures"
        items={[
          {
            label: 'Rewards',
            value: fmtInt(p.count),
            detail: p.count < facts.n ? `${fmtInt(facts.n - p.count)} null` : 'every rollout',
          },
          { label: 'Mean ± std', value: fmtNum(p.mean), detail: p.std === null ? undefined : `± ${fmtNum(p.std)}` },
          { label: 'Groups', value: fmtInt(p.groups), detail: 'with ≥ 2 rewards' },
          {
            label: 'Zero variance',
            value: fmtInt(p.zeroVarianceGroups),
            testId: 'ppo-zero',
            detail: `${(100 * p.zeroVarianceShare).toFixed(1)}% of groups`,
          },
          {
            // Not the Tasks page's "All pass" (every trial succeeded): here every REWARD of a group
            // sits at the top (or the bottom) of the reward range.
            label: 'All at max / min',
            value: `${fmtInt(p.allPassGroups)} / ${fmtInt(p.allFailGroups)}`,
            testId: 'ppo-all-max-min',
            detail: 'groups whose rewards are all the top / all the bottom of the range',
          },
          { label: 'Mean group std', value: fmtNum(p.meanGroupStd) },
        ]}
      />
      <RedFlags flags={flagsFor(view.summary.redFlags, 'ppo')} />
      <Panel
        title="Reward distribution"
        aside={
          p.below + p.above > 0
            ? `${fmtInt(p.below)} below, ${fmtInt(p.above)} above the edges`
            : 'all rollouts with a reward'
        }
      >
        <CurateHistogram
          bins={countBins({ edges: p.edges, counts: p.bins })}
          series={ROLLOUTS}
          ariaLabel="PPO reward bins"
        />
      </Panel>
      <TaskSpreadPanel
        view={view}
        statics={statics}
        facts={facts}
        highlight="spread"
        caption="Bars span each task's min to max reward, the dot is its mean. Grey: every rollout of the task has the same reward, so GRPO learns nothing from it."
      />
    </div>
  );
}
