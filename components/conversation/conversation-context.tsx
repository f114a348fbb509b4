'use client';

import { createContext, useContext } from 'react';
import type { Message } from '@/lib/formats/types';
import { DEFAULT_SEGMENT_TAGS } from '@/lib/ui/segments';

/** What turns need from the list around them: links between calls and results, highlight and expand state. */
export interface ConversationNav {
  /** Prefix of every anchor id, so two conversations on one page (compare) do not collide. */
  idPrefix: string;
  tags: readonly string[];
  /** tool_call_id → index of the tool message that answers it. */
  resultIndex: ReadonlyMap<string, number>;
  /** tool_call_id → index of the message that made the call. */
  callIndex: ReadonlyMap<string, number>;
  /** Scrolls message `index` into view (it may not be rendered yet) and focuses the element `anchor`. */
  goTo(index: number, anchor: string): void;
  activeCallId: string | null;
  setActiveCallId(id: string | null): void;
  /** Expand state lives in the list, not the turn, because virtualized turns unmount. */
  isExpanded(key: string): boolean;
  toggleExpanded(key: string): void;
}

const noop = () => {};

export const ConversationContext = createContext<ConversationNav>({
  idPrefix: '',
  tags: DEFAULT_SEGMENT_TAGS,
  resultIndex: new Map(),
  callIndex: new Map(),
  goTo: noop,
  activeCallId: null,
  setActiveCallId: noop,
  isExpanded: () => false,
  toggleExpanded: noop,
});

export function useConversation(): ConversationNav {
  return useContext(ConversationContext);
}

/** Maps each tool call id to its call message and its result message (first unused result wins). */
export function indexToolCalls(messages: Message[]): {
  callIndex: Map<string, number>;
  resultIndex: Map<string, number>;
} {
  const callIndex = new Map<string, number>();
  const resultIndex = new Map<string, number>();
  messages.forEach((m, i) => {
    for (const c of m.tool_calls ?? []) if (c.id && !callIndex.has(c.id)) callIndex.set(c.id, i);
    if (m.role === 'tool' && m.tool_call_id && !resultIndex.has(m.tool_call_id)) resultIndex.set(m.tool_call_id, i);
  });
  return { callIndex, resultIndex };
}
