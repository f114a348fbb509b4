'use client';

import type { ReactNode } from 'react';
import type { ContentPart, Message } from '@/lib/formats/types';
import { reasoningSegment } from '@/lib/ui/segments';
import { useConversation } from './conversation-context';
import { SegmentedText, TagBlock } from './segmented-text';
import { anchorId, contentText, countLines, prettyJson } from './text-utils';
import { SIMULATED_USER_NOTE, ToolCallCard } from './tool-call';
import { TruncatedPre } from './truncated-pre';

/** Element Timing (Chromium) reports when these labels first paint: the perf test's "first turn painted". */
const paintTiming = { elementtiming: 'sift-turn' } as object;

const roleStyle = {
  user: { label: 'User', dot: 'bg-sky-500', text: 'text-sky-700 dark:text-sky-300' },
  assistant: { label: 'Assistant', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-300' },
  tool: { label: 'Tool result', dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300' },
  system: { label: 'System prompt', dot: 'bg-zinc-400', text: 'text-zinc-600 dark:text-zinc-300' },
  developer: { label: 'Developer prompt', dot: 'bg-zinc-400', text: 'text-zinc-600 dark:text-zinc-300' },
} as const;

function TurnHeader({ message, index, children }: { message: Message; index: number; children?: ReactNode }) {
  const nav = useConversation();
  const style = roleStyle[message.role] ?? roleStyle.user;
  const simulated = message.requestor === 'user' && message.role !== 'tool';
  return (
    <div className="mb-1 flex flex-wrap items-center gap-2 text-xs">
      <span aria-hidden className={`h-2 w-2 rounded-full ${style.dot}`} />
      <span {...paintTiming} className={`font-semibold ${style.text}`}>
        {simulated ? 'Simulated user' : style.label}
      </span>
      {children}
      {message.error && (
        <span className="rounded bg-red-100 px-1.5 py-0.5 text-[11px] font-medium text-red-700 dark:bg-red-900/40 dark:text-red-300">
          error
        </span>
      )}
      {message.weight !== undefined && (
        <span
          className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
          title="Loss weight from the source"
        >
          weight {message.weight}
        </span>
      )}
      <a
        href={`#${anchorId(nav.idPrefix, 'msg', index)}`}
        className="ml-auto font-mono text-[11px] text-zinc-400 tabular hover:text-zinc-700 dark:hover:text-zinc-200"
        title="Link to this turn"
      >
        #{index}
      </a>
    </div>
  );
}

function Parts({ content, tags }: { content: Message['content']; tags: readonly string[] }) {
  if (content == null) return null;
  if (typeof content === 'string') return content.trim() ? <SegmentedText text={content} tags={tags} /> : null;
  return content.map((p: ContentPart, i) =>
    p.type === 'text' ? (
      <SegmentedText key={i} text={p.text} tags={tags} />
    ) : /^data:image\/(png|jpe?g|gif|webp);base64,/i.test(p.image_url.url) ? (
      // eslint-disable-next-line @next/next/no-img-element -- inline data URL from the rollout; nothing to optimise
      <img
        key={i}
        src={p.image_url.url}
        alt="image from the conversation"
        className="my-2 max-h-64 rounded border border-zinc-200 dark:border-zinc-700"
      />
    ) : (
      <div key={i} className="my-1 truncate font-mono text-xs text-zinc-500">
        [image] {p.image_url.url}
      </div>
    ),
  );
}

function SystemTurn({ message, index }: { message: Message; index: number }) {
  const nav = useConversation();
  const text = contentText(message.content);
  const key = `sys-${index}`;
  const open = nav.isExpanded(key);
  const lines = countLines(text);
  const firstLine = text.split('\n', 1)[0];
  return (
    <section
      aria-label={roleStyle[message.role].label}
      className="rounded-lg border border-zinc-200 bg-zinc-100/70 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <button
        type="button"
        aria-expanded={open}
        onClick={() => nav.toggleExpanded(key)}
        className="flex w-full items-center gap-2 px-3 py-2 text-left text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        <span aria-hidden className={`inline-block text-zinc-500 transition-transform ${open ? 'rotate-90' : ''}`}>
          ▶
        </span>
        <span {...paintTiming} className="font-semibold text-zinc-700 dark:text-zinc-200">
          {roleStyle[message.role].label}
        </span>
        <span data-testid="system-length" className="text-zinc-500 tabular">
          {text.length.toLocaleString('en-US')} chars · {lines.toLocaleString('en-US')} {lines === 1 ? 'line' : 'lines'}
        </span>
        {!open && <span className="min-w-0 flex-1 truncate text-zinc-500 italic">{firstLine}</span>}
        <span className="ml-auto shrink-0 text-zinc-500">{open ? 'Collapse' : 'Expand'}</span>
      </button>
      {open && (
        <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <Parts content={message.content} tags={nav.tags} />
        </div>
      )}
    </section>
  );
}

function ToolResultTurn({ message, index }: { message: Message; index: number }) {
  const nav = useConversation();
  const callId = message.tool_call_id;
  const callAt = callId ? nav.callIndex.get(callId) : undefined;
  const active = !!callId && nav.activeCallId === callId;
  const callAnchor = anchorId(nav.idPrefix, 'call', callId ?? '');
  const pretty = prettyJson(contentText(message.content));
  return (
    <div className="ml-6 sm:ml-10">
      <TurnHeader message={message} index={index}>
        {message.name && <span className="font-mono text-zinc-600 dark:text-zinc-300">{message.name}</span>}
        {message.requestor === 'user' && (
          <span className="text-[11px] font-medium text-amber-700 dark:text-amber-300">
            result of a {SIMULATED_USER_NOTE}
          </span>
        )}
        {callAt !== undefined ? (
          <a
            href={`#${callAnchor}`}
            onClick={(e) => {
              e.preventDefault();
              nav.goTo(callAt, callAnchor);
            }}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            ↑ call #{callAt}
          </a>
        ) : (
          callId && (
            <span className="text-zinc-500" title={callId}>
              call not found
            </span>
          )
        )}
      </TurnHeader>
      <div
        id={callId ? anchorId(nav.idPrefix, 'result', callId) : undefined}
        tabIndex={-1}
        data-tool-result={message.name ?? ''}
        onMouseEnter={() => callId && nav.setActiveCallId(callId)}
        onMouseLeave={() => nav.setActiveCallId(null)}
        onFocus={() => callId && nav.setActiveCallId(callId)}
        onBlur={() => nav.setActiveCallId(null)}
        className={`overflow-hidden rounded-lg border outline-none ${
          message.error
            ? 'border-red-300 bg-red-50/60 dark:border-red-900 dark:bg-red-950/30'
            : 'border-amber-200/80 bg-amber-50/40 dark:border-amber-900/50 dark:bg-zinc-900'
        } ${message.requestor === 'user' ? 'border-dashed' : ''} ${active ? 'ring-2 ring-indigo-400 dark:ring-indigo-500' : ''}`}
      >
        {pretty.text ? (
          <TruncatedPre text={pretty.text} expandKey={`result-${index}`} />
        ) : (
          <div className="px-3 py-2 text-xs text-zinc-500 italic">(empty result)</div>
        )}
      </div>
    </div>
  );
}

function ChatTurn({ message, index }: { message: Message; index: number }) {
  const nav = useConversation();
  const isUser = message.role === 'user';
  const reasoning = message.reasoning ? reasoningSegment(message.reasoning, nav.tags) : null;
  const calls = message.tool_calls ?? [];
  const hasText = contentText(message.content).trim() !== '' || Array.isArray(message.content);
  const callsOnly = calls.length > 0 && !hasText && !reasoning;
  const callCards = calls.map((c, i) => (
    <ToolCallCard
      key={`${c.id}-${i}`}
      call={c}
      messageIndex={index}
      simulated={c.requestor === 'user' || message.requestor === 'user'}
    />
  ));
  const bubble = isUser
    ? 'rounded-2xl rounded-tr-sm border-sky-200 bg-sky-50 dark:border-sky-900/70 dark:bg-sky-950/40'
    : 'rounded-2xl rounded-tl-sm border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900';
  return (
    <div className={isUser ? 'ml-auto w-fit max-w-[88%] min-w-[40%]' : 'mr-auto max-w-[94%]'}>
      <TurnHeader message={message} index={index}>
        {calls.length > 0 && !hasText && (
          <span className="text-zinc-500">tool call{calls.length > 1 ? `s (${calls.length})` : ''}</span>
        )}
      </TurnHeader>
      {callsOnly ? (
        // A turn that only calls tools: the call cards are the turn, no bubble around them.
        <div className="-mt-2">{callCards}</div>
      ) : (
        <div
          className={`border px-3.5 py-2.5 ${bubble} ${message.requestor === 'user' ? 'border-dashed border-amber-400 dark:border-amber-700' : ''}`}
        >
          {reasoning && <TagBlock segment={reasoning} tags={nav.tags} />}
          <Parts content={message.content} tags={nav.tags} />
          {callCards}
          {!reasoning && !hasText && calls.length === 0 && (
            <div className="text-xs text-zinc-500 italic">(empty message)</div>
          )}
        </div>
      )}
    </div>
  );
}

/** One message of a conversation, styled by role. */
export function Turn({ message, index }: { message: Message; index: number }) {
  if (message.role === 'system' || message.role === 'developer') return <SystemTurn message={message} index={index} />;
  if (message.role === 'tool') return <ToolResultTurn message={message} index={index} />;
  return <ChatTurn message={message} index={index} />;
}
