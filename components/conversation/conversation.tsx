'use client';

import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { Message } from '@/lib/formats/types';
import { ConversationContext, indexToolCalls, type ConversationNav } from './conversation-context';
import { anchorId, contentText } from './text-utils';
import { Turn } from './turn';
import { useWindowList } from './use-window-list';

/** Rough row height before measurement: enough to keep the scrollbar honest on long rollouts. */
export function estimateTurnHeight(m: Message): number {
  if (m.role === 'system' || m.role === 'developer') return 48;
  const text = contentText(m.content);
  const lines = Math.min(40, Math.ceil(text.length / 90) + (text.match(/\n/g)?.length ?? 0));
  const calls = (m.tool_calls ?? []).reduce((n, c) => n + 40 + Math.min(30, c.arguments.length / 40) * 18, 0);
  return 56 + lines * 20 + calls + (m.reasoning ? 80 : 0);
}

/** Marks the first render and the frame after it, for the performance test (see e2e/viewer.spec.ts). */
function useFirstRenderMarks(name: string | undefined) {
  useEffect(() => {
    if (!name || typeof performance === 'undefined') return;
    performance.mark(`${name}:first-render`);
    requestAnimationFrame(() => setTimeout(() => performance.mark(`${name}:first-paint`), 0));
  }, [name]);
}

const Row = memo(function Row({ message, index }: { message: Message; index: number }) {
  return <Turn message={message} index={index} />;
});

export interface ConversationProps {
  messages: Message[];
  tags: readonly string[];
  /** performance.mark name prefix; marks `<name>:first-render` and `<name>:first-paint`. */
  perfMark?: string;
}

/**
 * The virtualized turn list: only the turns near the viewport are in the DOM. Hash links (#msg-3,
 * #call-<id>, #result-<id>) scroll through the virtualizer, so they work for turns not rendered yet.
 */
export function Conversation({ messages, tags, perfMark }: ConversationProps) {
  const { callIndex, resultIndex } = useMemo(() => indexToolCalls(messages), [messages]);
  const estimateSize = useCallback((i: number) => estimateTurnHeight(messages[i]), [messages]);
  const { listRef, items, paddingTop, paddingBottom, virtualizer, goTo } = useWindowList({
    count: messages.length,
    estimateSize,
  });
  const [activeCallId, setActiveCallId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  useFirstRenderMarks(perfMark);

  const toggleExpanded = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  // Anchor → message index, for links from the address bar and the in-page #N links.
  const anchors = useMemo(() => {
    const map = new Map<string, number>();
    messages.forEach((_, i) => map.set(anchorId('', 'msg', i), i));
    for (const [id, i] of callIndex) map.set(anchorId('', 'call', id), i);
    for (const [id, i] of resultIndex) map.set(anchorId('', 'result', id), i);
    return map;
  }, [messages, callIndex, resultIndex]);
  useEffect(() => {
    const follow = () => {
      const anchor = decodeURIComponent(window.location.hash.slice(1));
      const index = anchors.get(anchor);
      if (index !== undefined) goTo(index, anchor);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [anchors, goTo]);

  const nav = useMemo<ConversationNav>(
    () => ({
      idPrefix: '',
      tags,
      callIndex,
      resultIndex,
      goTo,
      activeCallId,
      setActiveCallId,
      isExpanded: (key) => expanded.has(key),
      toggleExpanded,
    }),
    [tags, callIndex, resultIndex, goTo, activeCallId, expanded, toggleExpanded],
  );

  return (
    <ConversationContext.Provider value={nav}>
      <div ref={listRef} data-testid="conversation" data-turns={messages.length} style={{ paddingTop, paddingBottom }}>
        {items.map((item) => (
          <div
            key={item.key}
            id={anchorId('', 'msg', item.index)}
            data-index={item.index}
            data-turn={messages[item.index].role}
            ref={virtualizer.measureElement}
            className="scroll-mt-16 py-2"
          >
            <Row message={messages[item.index]} index={item.index} />
          </div>
        ))}
      </div>
    </ConversationContext.Provider>
  );
}
