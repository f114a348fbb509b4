import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Table, Td, Th } from '@/components/ui/table';

/**
 * Markdown from rollouts is untrusted. react-markdown turns raw HTML into text (no rehype-raw, ever)
 * and its default urlTransform empties javascript:/data: URLs. On top of that, images are shown as
 * text links so a rollout cannot make the browser fetch anything.
 */
const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-indigo-600 underline underline-offset-2 dark:text-indigo-400"
      >
        {children}
      </a>
    ) : (
      <span className="text-zinc-500 underline decoration-dotted" title="Link removed: unsafe URL">
        {children}
      </span>
    ),
  img: ({ src, alt }) => (
    <span
      className="rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
      title={typeof src === 'string' ? src : undefined}
    >
      [image{alt ? `: ${alt}` : ''}]
    </span>
  ),
  pre: ({ children }) => (
    <pre className="my-2 overflow-x-auto rounded-md bg-zinc-100 p-2.5 font-mono text-[12.5px] leading-relaxed dark:bg-zinc-950/70">
      {children}
    </pre>
  ),
  code: ({ className, children }) => (
    <code
      className={`${className ?? ''} rounded bg-zinc-100 px-1 py-px font-mono text-[0.9em] dark:bg-zinc-800/80 [pre_&]:bg-transparent [pre_&]:p-0`}
    >
      {children}
    </code>
  ),
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <Table layout="grid">{children}</Table>
    </div>
  ),
  // GFM column alignment arrives as an inline text-align style, which wins over the cells' default.
  th: ({ children, style }) => <Th style={style}>{children}</Th>,
  td: ({ children, style }) => <Td style={style}>{children}</Td>,
};

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="md text-sm leading-relaxed break-words [&_blockquote]:border-l-2 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:text-sm [&_h2]:font-semibold [&_h3]:font-semibold [&_hr]:my-3 [&_hr]:border-zinc-200 [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-1.5 [&_ul]:list-disc [&_ul]:pl-5 [&>*:first-child]:mt-0 [&>*:last-child]:mb-0 dark:[&_blockquote]:border-zinc-700 dark:[&_blockquote]:text-zinc-400 dark:[&_hr]:border-zinc-700">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
