'use client';

import type { ToolCall } from '@/lib/formats/types';
import { useConversation } from './conversation-context';
import { anchorId, prettyArguments } from './text-utils';
import { TruncatedPre } from './truncated-pre';

export const SIMULATED_USER_NOTE = 'simulated user tool call — not a training target';

/** One tool call: name, pretty-printed arguments and a link to its result. Hover/focus highlights the pair. */
export function ToolCallCard({
  call,
  messageIndex,
  simulated,
}: {
  call: ToolCall;
  messageIndex: number;
  simulated: boolean;
}) {
  const nav = useConversation();
  const args = prettyArguments(call.arguments);
  const resultAt = call.id ? nav.resultIndex.get(call.id) : undefined;
  const active = !!call.id && nav.activeCallId === call.id;
  const id = anchorId(nav.idPrefix, 'call', call.id || `${messageIndex}-${call.name}`);
  const resultAnchor = anchorId(nav.idPrefix, 'result', call.id);
  return (
    <div
      id={id}
      tabIndex={-1}
      data-tool-call={call.name}
      onMouseEnter={() => call.id && nav.setActiveCallId(call.id)}
      onMouseLeave={() => nav.setActiveCallId(null)}
      onFocus={() => call.id && nav.setActiveCallId(call.id)}
      onBlur={() => nav.setActiveCallId(null)}
      className={`mt-2 overflow-hidden rounded-md border transition-shadow outline-none ${
        simulated ? 'border-dashed border-amber-400 dark:border-amber-700' : 'border-zinc-200 dark:border-zinc-700'
      } ${active ? 'ring-2 ring-indigo-400 dark:ring-indigo-500' : ''}`}
    >
      <div
        className={`flex flex-wrap items-center gap-2 px-2.5 py-1.5 text-xs ${simulated ? 'bg-amber-50 dark:bg-amber-950/30' : 'bg-zinc-50 dark:bg-zinc-800/60'}`}
      >
        <span aria-hidden className="font-mono text-indigo-500 dark:text-indigo-400">
          ƒ
        </span>
        <span className="font-mono font-semibold text-zinc-800 dark:text-zinc-100">{call.name || '(unnamed)'}</span>
        {simulated && (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200">
            {SIMULATED_USER_NOTE}
          </span>
        )}
        {!args.isJson && (
          <span
            className="rounded bg-red-100 px-1.5 py-0.5 text-[11px] font-medium text-red-700 dark:bg-red-900/40 dark:text-red-300"
            title="The arguments are not valid JSON; shown as stored."
          >
            arguments not JSON
          </span>
        )}
        <span className="ml-auto">
          {resultAt !== undefined ? (
            <a
              href={`#${resultAnchor}`}
              onClick={(e) => {
                e.preventDefault();
                nav.goTo(resultAt, resultAnchor);
              }}
              className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              result #{resultAt} ↓
            </a>
          ) : (
            <span className="text-zinc-500">no result</span>
          )}
        </span>
      </div>
      {args.text && (
        <TruncatedPre
          text={args.text}
          expandKey={`args-${messageIndex}-${call.id}`}
          className="bg-white dark:bg-zinc-900"
        />
      )}
    </div>
  );
}
