'use client';

import { useConversation } from './conversation-context';
import { countLines, truncateText } from './text-utils';

/** Monospace text cut after ~1,500 chars or 30 lines, with an expander whose state survives virtualization. */
export function TruncatedPre({
  text,
  expandKey,
  className = '',
}: {
  text: string;
  expandKey: string;
  className?: string;
}) {
  const nav = useConversation();
  const { head, truncated } = truncateText(text);
  const open = nav.isExpanded(expandKey);
  return (
    <div className={className}>
      <pre className="overflow-x-auto px-3 py-2 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">
        {open || !truncated ? text : head}
        {truncated && !open && <span className="text-zinc-400 select-none"> …</span>}
      </pre>
      {truncated && (
        <div className="border-t border-zinc-100 px-3 py-1 dark:border-zinc-800">
          <button
            type="button"
            aria-expanded={open}
            onClick={() => nav.toggleExpanded(expandKey)}
            className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            {open
              ? 'Show less'
              : `Show all · ${text.length.toLocaleString('en-US')} chars · ${countLines(text).toLocaleString('en-US')} lines`}
          </button>
        </div>
      )}
    </div>
  );
}
