'use client';

import type { ReactNode } from 'react';
import type { RedFlag } from '@/lib/curation';
import { CURATE_TABS, type CurateTab } from '@/components/curate/recipe-url';

const LABEL: Record<CurateTab, string> = { sft: 'SFT', dpo: 'DPO', ppo: 'PPO / GRPO' };

/** SFT / DPO / PPO tabs, each with its headline count and how many red flags it raises. */
export function CurateTabs({
  tab,
  onTab,
  counts,
  flags,
  status,
}: {
  tab: CurateTab;
  onTab: (t: CurateTab) => void;
  counts: Record<CurateTab, string> | null;
  flags: RedFlag[];
  status: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div
        role="tablist"
        aria-label="Training method"
        className="inline-flex rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900"
      >
        {CURATE_TABS.map((t) => {
          const warnings = flags.filter((f) => f.section === t && f.level !== 'info').length;
          const active = t === tab;
          return (
            <button
              key={t}
              id={`curate-tab-${t}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`curate-panel-${t}`}
              onClick={() => onTab(t)}
              className={`flex items-baseline gap-2 rounded-md px-3 py-1.5 text-sm ${
                active
                  ? 'bg-white font-semibold shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-800 dark:ring-zinc-700'
                  : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
              }`}
            >
              {LABEL[t]}
              {counts && (
                <span className="tabular text-xs font-normal text-zinc-500 dark:text-zinc-400">{counts[t]}</span>
              )}
              {warnings > 0 && (
                <span
                  className="tabular rounded-full bg-amber-100 px-1.5 text-[10px] font-semibold text-amber-800 dark:bg-amber-900/40 dark:text-amber-300"
                  title={`${warnings} red flag${warnings > 1 ? 's' : ''}`}
                >
                  {warnings}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div className="tabular ml-auto text-xs text-zinc-500 dark:text-zinc-400">{status}</div>
    </div>
  );
}
