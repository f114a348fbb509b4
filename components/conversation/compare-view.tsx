'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Message } from '@/lib/formats/types';
import { alignTurns, type AlignKind, type AlignMode } from '@/lib/ui/align-turns';
import { buildCompareItems, itemIndexOfRow, type CompareItem } from './compare-items';
import { ConversationContext, indexToolCalls, type ConversationNav } from './conversation-context';
import { estimateTurnHeight } from './conversation';
import { TagSettings } from './tag-settings';
import { Turn } from './turn';
import { useSegmentTags } from './use-segment-tags';
import { useWindowList } from './use-window-list';

type Side = 'a' | 'b';

const kindStyle: Record<AlignKind, { bar: string; label: string | null; chip: string }> = {
  same: { bar: 'bg-transparent', label: null, chip: '' },
  modified: {
    bar: 'bg-amber-400',
    label: 'modified',
    chip: 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300',
  },
  different: {
    bar: 'bg-rose-500',
    label: 'different turn',
    chip: 'bg-rose-100 text-rose-800 dark:bg-rose-900/40 dark:text-rose-300',
  },
  'only-a': {
    bar: 'bg-sky-500',
    label: 'only in A',
    chip: 'bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300',
  },
  'only-b': {
    bar: 'bg-violet-500',
    label: 'only in B',
    chip: 'bg-violet-100 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300',
  },
};

function Gap({ side }: { side: Side }) {
  return (
    <div className="flex h-full min-h-12 items-center justify-center rounded-lg border border-dashed border-zinc-300 bg-[repeating-linear-gradient(135deg,transparent,transparent_6px,rgba(113,113,122,0.08)_6px,rgba(113,113,122,0.08)_12px)] text-xs text-zinc-500 dark:border-zinc-700">
      not in {side.toUpperCase()}
    </div>
  );
}

function useSideNav(
  side: Side,
  messages: Message[],
  tags: readonly string[],
  goToMessage: (side: Side, index: number, anchor: string) => void,
  expanded: ReadonlySet<string>,
  toggle: (key: string) => void,
): ConversationNav {
  const { callIndex, resultIndex } = useMemo(() => indexToolCalls(messages), [messages]);
  const [activeCallId, setActiveCallId] = useState<string | null>(null);
  return useMemo(
    () => ({
      idPrefix: `${side}-`,
      tags,
      callIndex,
      resultIndex,
      goTo: (index, anchor) => goToMessage(side, index, anchor),
      activeCallId,
      setActiveCallId,
      isExpanded: (key) => expanded.has(`${side}:${key}`),
      toggleExpanded: (key) => toggle(`${side}:${key}`),
    }),
    [side, tags, callIndex, resultIndex, goToMessage, activeCallId, expanded, toggle],
  );
}

export interface CompareViewProps {
  a: Message[];
  b: Message[];
  mode: AlignMode;
  /** Rendered above the list, next to the alignment summary (e.g. the align-mode switch). */
  toolbar?: ReactNode;
}

/** Two conversations aligned turn by turn; identical stretches fold, the first divergence is marked. */
export function CompareView({ a, b, mode, toolbar }: CompareViewProps) {
  const { tags, setTags, isDefault } = useSegmentTags();
  const alignment = useMemo(() => alignTurns(a, b, mode), [a, b, mode]);
  const [expandedRuns, setExpandedRuns] = useState<ReadonlySet<number>>(() => new Set());
  const items = useMemo(() => buildCompareItems(alignment.rows, expandedRuns), [alignment.rows, expandedRuns]);
  const estimateSize = useCallback(
    (i: number) => {
      const it: CompareItem = items[i];
      if (it.kind === 'run') return 44;
      const ea = it.row.a === null ? 48 : estimateTurnHeight(a[it.row.a]);
      const eb = it.row.b === null ? 48 : estimateTurnHeight(b[it.row.b]);
      return Math.max(ea, eb) + 16;
    },
    [items, a, b],
  );
  const {
    listRef,
    items: virtualItems,
    paddingTop,
    paddingBottom,
    virtualizer,
    goTo,
  } = useWindowList({ count: items.length, estimateSize });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  // A jump target may sit in a folded run: unfold it, then scroll once the items include it.
  const pendingRef = useRef<{ rowIndex: number; anchor: string } | null>(null);
  const goToRow = useCallback(
    (rowIndex: number, anchor: string) => {
      const at = itemIndexOfRow(items, rowIndex);
      const item = items[at];
      if (!item) return;
      if (item.kind === 'run') {
        pendingRef.current = { rowIndex, anchor };
        setExpandedRuns((prev) => new Set(prev).add(item.start));
      } else {
        goTo(at, anchor);
      }
    },
    [items, goTo],
  );
  useEffect(() => {
    const p = pendingRef.current;
    if (!p) return;
    const at = itemIndexOfRow(items, p.rowIndex);
    if (at >= 0 && items[at].kind === 'row') {
      pendingRef.current = null;
      goTo(at, p.anchor);
    }
  }, [items, goTo]);

  const goToMessage = useCallback(
    (side: Side, index: number, anchor: string) => {
      const rowIndex = alignment.rows.findIndex((r) => r[side] === index);
      if (rowIndex >= 0) goToRow(rowIndex, anchor);
    },
    [alignment.rows, goToRow],
  );
  const navA = useSideNav('a', a, tags, goToMessage, expanded, toggle);
  const navB = useSideNav('b', b, tags, goToMessage, expanded, toggle);

  const first = alignment.firstDivergence;
  // A shared link to #divergence: the divergent row is never folded, so this only scrolls.
  const firstItem = first === null ? -1 : itemIndexOfRow(items, first);
  useEffect(() => {
    if (firstItem >= 0 && window.location.hash === '#divergence') goTo(firstItem, 'divergence');
  }, [firstItem, goTo]);

  const c = alignment.counts;
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        {first === null ? (
          <span className="font-medium text-emerald-700 dark:text-emerald-400">
            The two conversations are identical.
          </span>
        ) : (
          <a
            href="#divergence"
            onClick={(e) => {
              e.preventDefault();
              goToRow(first, 'divergence');
            }}
            className="font-medium text-rose-700 hover:underline dark:text-rose-400"
          >
            Jump to divergence ↓
          </a>
        )}
        <span data-testid="align-counts" className="text-xs text-zinc-500 tabular dark:text-zinc-400">
          {c.same} same · {c.modified} modified · {c.different} different · {c['only-a']} only in A · {c['only-b']} only
          in B
        </span>
        <span className="ml-auto flex items-center gap-2">
          {toolbar}
          <TagSettings tags={tags} onChange={setTags} isDefault={isDefault} />
        </span>
      </div>
      <div className="mb-2 grid grid-cols-2 gap-4 pl-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        <div>A</div>
        <div>B</div>
      </div>
      <div ref={listRef} data-testid="compare-rows" style={{ paddingTop, paddingBottom }}>
        {virtualItems.map((v) => {
          const it = items[v.index];
          if (it.kind === 'run') {
            return (
              <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="py-1.5">
                <button
                  type="button"
                  onClick={() => setExpandedRuns((prev) => new Set(prev).add(it.start))}
                  className="flex w-full items-center justify-center gap-2 rounded-md border border-dashed border-zinc-300 py-2 text-xs text-zinc-500 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800/60"
                >
                  {it.end - it.start} identical turns — show
                </button>
              </div>
            );
          }
          const style = kindStyle[it.row.kind];
          const isFirst = it.rowIndex === first;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              data-align={it.row.kind}
              id={isFirst ? 'divergence' : undefined}
              tabIndex={isFirst ? -1 : undefined}
              className="scroll-mt-16 py-1.5 outline-none"
            >
              <div
                className={`relative rounded-lg pl-3 ${isFirst ? 'bg-rose-50/70 ring-2 ring-rose-400 dark:bg-rose-950/20 dark:ring-rose-600' : ''} ${it.dimmed ? 'opacity-55 transition-opacity hover:opacity-100' : ''}`}
              >
                <span aria-hidden className={`absolute top-1 bottom-1 left-0 w-[3px] rounded ${style.bar}`} />
                {(style.label || isFirst) && (
                  <div className="flex gap-2 pt-1.5 text-[11px] font-medium">
                    {isFirst && <span className="rounded bg-rose-600 px-1.5 py-0.5 text-white">first divergence</span>}
                    {style.label && <span className={`rounded px-1.5 py-0.5 ${style.chip}`}>{style.label}</span>}
                  </div>
                )}
                <div className="grid grid-cols-2 gap-4 py-1">
                  <div className="min-w-0">
                    <ConversationContext.Provider value={navA}>
                      {it.row.a === null ? <Gap side="a" /> : <Turn message={a[it.row.a]} index={it.row.a} />}
                    </ConversationContext.Provider>
                  </div>
                  <div className="min-w-0">
                    <ConversationContext.Provider value={navB}>
                      {it.row.b === null ? <Gap side="b" /> : <Turn message={b[it.row.b]} index={it.row.b} />}
                    </ConversationContext.Provider>
                  </div>
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
