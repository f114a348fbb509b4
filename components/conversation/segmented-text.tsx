import { lazy, memo, Suspense, useMemo, useState } from 'react';
import { splitSegments, type BlockSegment } from '@/lib/ui/segments';
import { truncateText } from './text-utils';

/**
 * The markdown renderer (react-markdown + GFM, ~170 KB of script) loads lazily: the server renders it
 * into the HTML, and behind a Suspense boundary the browser paints and hydrates the rest of the page
 * without waiting to compile it. Until it arrives (client-side only), text shows as plain pre-wrapped text.
 */
const Markdown = lazy(() => import('./markdown').then((m) => ({ default: m.Markdown })));

function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="text-sm leading-relaxed break-words whitespace-pre-wrap">{text}</div>}>
      <Markdown text={text} />
    </Suspense>
  );
}

const blockTones: Record<string, { box: string; label: string }> = {
  reasoning: {
    box: 'border-violet-300 bg-violet-50/70 dark:border-violet-800/70 dark:bg-violet-950/30',
    label: 'text-violet-700 dark:text-violet-300',
  },
  think: {
    box: 'border-violet-300 bg-violet-50/70 dark:border-violet-800/70 dark:bg-violet-950/30',
    label: 'text-violet-700 dark:text-violet-300',
  },
  thinking: {
    box: 'border-violet-300 bg-violet-50/70 dark:border-violet-800/70 dark:bg-violet-950/30',
    label: 'text-violet-700 dark:text-violet-300',
  },
  action: {
    box: 'border-sky-300 bg-sky-50/70 dark:border-sky-800/70 dark:bg-sky-950/30',
    label: 'text-sky-700 dark:text-sky-300',
  },
  prediction: {
    box: 'border-amber-300 bg-amber-50/70 dark:border-amber-800/70 dark:bg-amber-950/25',
    label: 'text-amber-700 dark:text-amber-300',
  },
  answer: {
    box: 'border-emerald-300 bg-emerald-50/70 dark:border-emerald-800/70 dark:bg-emerald-950/25',
    label: 'text-emerald-700 dark:text-emerald-300',
  },
};
const defaultTone = {
  box: 'border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800/40',
  label: 'text-zinc-600 dark:text-zinc-300',
};

const BLOCK_CHARS = 1200;
const BLOCK_LINES = 16;

/** A highlighted block: `<think>`, `<action>`, … or the message's reasoning. Nested tags become nested blocks. */
export function TagBlock({ segment, tags }: { segment: BlockSegment; tags: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const tone = blockTones[segment.tag] ?? defaultTone;
  const { head, truncated } = truncateText(segment.text, BLOCK_CHARS, BLOCK_LINES);
  const label = segment.source === 'reasoning' ? 'Reasoning' : `<${segment.tag}>`;
  return (
    <div
      data-block={segment.tag}
      className={`my-1.5 rounded-md border-l-[3px] border-y border-r px-3 py-2 ${tone.box}`}
    >
      <div className={`mb-1 flex items-center gap-2 text-[11px] font-semibold tracking-wide uppercase ${tone.label}`}>
        <span className={segment.source === 'reasoning' ? '' : 'font-mono normal-case'}>{label}</span>
        {!segment.closed && <span className="font-normal normal-case opacity-80">(not closed)</span>}
        {!segment.opened && <span className="font-normal normal-case opacity-80">(no opening tag)</span>}
      </div>
      <div className="text-[13px] leading-relaxed whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
        <PlainSegments text={open ? segment.text : head} tags={tags} />
        {truncated && (
          <button
            type="button"
            onClick={() => setOpen((v) => !v)}
            className="mt-1 block text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            {open ? 'Show less' : `Show all (${segment.text.length.toLocaleString('en-US')} chars)`}
          </button>
        )}
      </div>
    </div>
  );
}

/** Inside a block: plain text (no markdown), nested tags as nested blocks. */
function PlainSegments({ text, tags }: { text: string; tags: readonly string[] }) {
  const segments = useMemo(() => splitSegments(text, tags), [text, tags]);
  return segments.map((s, i) =>
    s.kind === 'text' ? <span key={i}>{s.text}</span> : <TagBlock key={i} segment={s} tags={tags} />,
  );
}

/** Message text: markdown between highlighted blocks. */
export const SegmentedText = memo(function SegmentedText({ text, tags }: { text: string; tags: readonly string[] }) {
  const segments = useMemo(() => splitSegments(text, tags), [text, tags]);
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'text' ? (
          s.text.trim() ? (
            <LazyMarkdown key={i} text={s.text} />
          ) : null
        ) : (
          <TagBlock key={i} segment={s} tags={tags} />
        ),
      )}
    </>
  );
});
