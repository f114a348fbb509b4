'use client';

import { useMemo } from 'react';
import type { Message, ToolSpec } from '@/lib/formats/types';
import { Conversation } from './conversation';
import { RawJson } from './raw-json';
import { TagSettings } from './tag-settings';
import { Tabs, type TabDef } from './tabs';
import { useSegmentTags } from './use-segment-tags';

export interface RolloutBodyViewProps {
  messages: Message[];
  tools: ToolSpec[];
  meta: Record<string, unknown>;
  /** Further tabs after "Conversation" and "Raw JSON" (e.g. the rendered chat template). */
  extraTabs?: TabDef[];
  perfMark?: string;
}

/**
 * The rollout body behind tabs. The messages arrive once, as this component's props; every tab
 * renders from them.
 */
export function RolloutBodyView({ messages, tools, meta, extraTabs = [], perfMark }: RolloutBodyViewProps) {
  const { tags, setTags, isDefault } = useSegmentTags();
  const body = useMemo(() => ({ messages, tools, meta }), [messages, tools, meta]);
  const tabs: TabDef[] = [
    {
      id: 'conversation',
      label: `Conversation (${messages.length})`,
      content: <Conversation messages={messages} tags={tags} perfMark={perfMark} />,
    },
    { id: 'raw', label: 'Raw JSON', content: <RawJson value={body} /> },
    ...extraTabs,
  ];
  return <Tabs tabs={tabs} actions={<TagSettings tags={tags} onChange={setTags} isDefault={isDefault} />} />;
}
