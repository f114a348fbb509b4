/**
 * Red flags: rules of thumb from the "prepare for training" guide, each shown with its rule text.
 * Thresholds are stated for rewards in [0, 1]; when rewards fall outside that range they are
 * scaled onto the data's domain (lo + t · (hi − lo)) and an info flag says so.
 */
import type { DpoStats } from './pairs';
import type { PpoStats } from './ppo';
import type { SftSelection } from './sft';
import { scaleToDomain, type Domain, type Summary } from './stats';

export type RedFlagLevel = 'error' | 'warning' | 'info';

export interface RedFlag {
  id: string;
  level: RedFlagLevel;
  section: 'data' | 'sft' | 'dpo' | 'ppo';
  /** The rule, as shown to the user. */
  rule: string;
  /** What in this data triggered it. */
  detail: string;
}

export interface RedFlagInput {
  domain: Domain;
  rewards: Summary & { isBinary: boolean };
  nullRewards: number;
  sft: Pick<SftSelection, 'kept' | 'mean' | 'unknownMetrics' | 'maxTokensIgnored'>;
  dpo: DpoStats;
  /** Share of pairs with gap < 0.1 (scaled). */
  smallGapShare: number;
  /** Share of pairs with gap >= 0.99 (scaled). */
  nearOneGapShare: number;
  ppo: PpoStats;
  /** Share of rewards within 5% of the domain's ends / of its midpoint. */
  extremeShare: number;
  midShare: number;
}

const fmt = (v: number | null): string => (v === null ? 'n/a' : Number(v.toPrecision(4)).toString());
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function findRedFlags(x: RedFlagInput): RedFlag[] {
  const flags: RedFlag[] = [];
  const add = (f: RedFlag): void => void flags.push(f);
  const t = (v: number): number => scaleToDomain(x.domain, v);
  const unit = (v: number): number => v * (x.domain.hi - x.domain.lo);

  if (x.domain.outsideUnit) {
    add({
      id: 'rewards-out-of-range',
      level: 'info',
      section: 'data',
      rule: "Rewards outside [0, 1]: histogram bins and red-flag thresholds follow the data's real range.",
      detail: `Rewards span ${fmt(x.rewards.min)} … ${fmt(x.rewards.max)}; recipe thresholds are in raw reward units.`,
    });
  }
  if (x.nullRewards > 0) {
    add({
      id: 'rewards-missing',
      level: 'info',
      section: 'data',
      rule: 'Rollouts without a reward never pass a reward threshold and never pair.',
      detail: `${x.nullRewards} rollouts have no reward.`,
    });
  }

  if (x.sft.unknownMetrics.length > 0) {
    add({
      id: 'sft-unknown-metric',
      level: 'error',
      section: 'sft',
      rule: 'A condition names a metric the data does not have; it matches no rollout.',
      detail: `Unknown: ${x.sft.unknownMetrics.join(', ')}.`,
    });
  }
  if (x.sft.maxTokensIgnored) {
    add({
      id: 'sft-max-tokens-ignored',
      level: 'info',
      section: 'sft',
      rule: 'maxTokens needs token counts; run tokenization first.',
      detail: 'No token counts yet, so maxTokens was not applied.',
    });
  }
  if (x.sft.kept < 100) {
    add({
      id: 'sft-too-few',
      level: 'warning',
      section: 'sft',
      rule: 'SFT: fewer than 100 examples.',
      detail: `${x.sft.kept} rollouts kept.`,
    });
  }
  if (x.sft.mean !== null && x.sft.mean < t(0.9)) {
    add({
      id: 'sft-low-mean',
      level: 'warning',
      section: 'sft',
      rule: `SFT: mean reward of kept examples below ${fmt(t(0.9))}.`,
      detail: `Mean reward of kept rollouts is ${fmt(x.sft.mean)}.`,
    });
  }
  if (x.rewards.count > 1 && x.rewards.min === x.rewards.max) {
    add({
      id: 'sft-identical-rewards',
      level: 'warning',
      section: 'sft',
      rule: 'SFT: all rewards identical — a reward threshold cannot tell good from bad.',
      detail: `Every reward is ${fmt(x.rewards.min)}.`,
    });
  }

  if (x.dpo.truncated) {
    add({
      id: 'dpo-truncated',
      level: 'warning',
      section: 'dpo',
      rule: 'DPO: too many pairs to materialize; set maxPairsPerChosen or maxPairs.',
      detail: `Stopped at ${x.dpo.pairs} of ${x.dpo.candidatePairs} candidate pairs.`,
    });
  }
  if (x.dpo.pairs === 0) {
    add({
      id: 'dpo-no-pairs',
      level: 'warning',
      section: 'dpo',
      rule: 'DPO: no pair meets the tiers and the minimum gap.',
      detail: 'Lower minGap, widen the tiers, or try another strategy.',
    });
  } else {
    if (x.dpo.meanGap !== null && x.dpo.meanGap < unit(0.2)) {
      add({
        id: 'dpo-low-mean-gap',
        level: 'warning',
        section: 'dpo',
        rule: `DPO: mean reward gap below ${fmt(unit(0.2))}.`,
        detail: `Mean gap is ${fmt(x.dpo.meanGap)}.`,
      });
    }
    if (x.smallGapShare > 0.25) {
      add({
        id: 'dpo-many-small-gaps',
        level: 'warning',
        section: 'dpo',
        rule: `DPO: more than 25% of pairs have a gap below ${fmt(unit(0.1))}.`,
        detail: `${pct(x.smallGapShare)} of pairs.`,
      });
    }
    if (x.rewards.isBinary && x.nearOneGapShare === 1) {
      add({
        id: 'dpo-binary-gaps',
        level: 'info',
        section: 'dpo',
        rule: 'DPO: all gaps near 1.0 — binary rewards give pass/fail preferences only.',
        detail: `All ${x.dpo.pairs} pairs have gap ≈ 1.`,
      });
    }
  }

  if (x.ppo.std !== null && x.ppo.count > 1 && x.ppo.std < unit(0.15)) {
    const low = x.ppo.std < unit(0.1);
    add({
      id: 'ppo-low-std',
      level: low ? 'warning' : 'info',
      section: 'ppo',
      rule: `PPO: reward std below ${fmt(unit(0.1))} (${fmt(unit(0.15))} recommended) — little learning signal.`,
      detail: `Reward std is ${fmt(x.ppo.std)}.`,
    });
  }
  if (x.ppo.count > 0 && x.extremeShare > 0.8) {
    add({
      id: 'ppo-clustered-extremes',
      level: 'warning',
      section: 'ppo',
      rule: `PPO: more than 80% of rewards clustered at ${fmt(x.domain.lo)} or ${fmt(x.domain.hi)}.`,
      detail: `${pct(x.extremeShare)} of rewards are at the extremes.`,
    });
  }
  if (x.ppo.count > 0 && x.midShare > 0.5) {
    add({
      id: 'ppo-peak-at-half',
      level: 'warning',
      section: 'ppo',
      rule: `PPO: a single peak at ${fmt(t(0.5))} — often an undecided judge or a default score.`,
      detail: `${pct(x.midShare)} of rewards lie within 5% of ${fmt(t(0.5))}.`,
    });
  }
  if (x.ppo.groups > 0 && x.ppo.zeroVarianceShare > 0.5) {
    add({
      id: 'ppo-zero-variance-groups',
      level: 'warning',
      section: 'ppo',
      rule: 'GRPO: more than half of the groups have identical rewards (zero advantage).',
      detail: `${x.ppo.zeroVarianceGroups} of ${x.ppo.groups} groups (${pct(x.ppo.zeroVarianceShare)}).`,
    });
  }
  return flags;
}
