/**
 * Splits message text into plain text and highlighted blocks (`<think>…</think>`, `<action>…</action>`,
 * …) so the viewer can render each block as its own element. Pure and string-only on purpose: the
 * viewer never injects HTML, it renders these segments as React text/markdown.
 *
 * Rules (unit-tested in segments.test.ts):
 * - Tag names are matched case-insensitively; opening tags may carry attributes (`<action type="x">`).
 * - Only the outermost block is split out. Its `text` keeps any nested tags verbatim, so a renderer
 *   calls `splitSegments` again on it to show nested blocks.
 * - The same tag nested inside itself is depth-counted (`<think>a<think>b</think>c</think>` is one block).
 * - An opening tag that is never closed runs to the end of the text (`closed: false`): truncated
 *   generations look like this.
 * - A closing tag with no opening tag closes a block that starts at the previous boundary
 *   (`opened: false`): chat templates that put `<think>` in the prompt produce `reasoning…</think>answer`.
 * - Blocks whose inner text is only whitespace are kept (an empty `<think></think>` is information).
 */

export const DEFAULT_SEGMENT_TAGS: readonly string[] = [
  'think',
  'thinking',
  'reasoning',
  'reflection',
  'plan',
  'action',
  'prediction',
  'observation',
  'scratchpad',
  'answer',
];

export interface TextSegment {
  kind: 'text';
  text: string;
}

export interface BlockSegment {
  kind: 'block';
  /** Lower-cased tag name, or 'reasoning' for Message.reasoning. */
  tag: string;
  /** Inner text, without the tags themselves (nested tags are kept verbatim). */
  text: string;
  /** False when the text ended before the closing tag. */
  closed: boolean;
  /** False when the closing tag had no opening tag. */
  opened: boolean;
  /** 'reasoning' for the message's reasoning field, 'tag' for inline tags. */
  source: 'tag' | 'reasoning';
}

export type Segment = TextSegment | BlockSegment;

const TAG_NAME = /^[A-Za-z][\w.-]{0,63}$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Normalises a user-configured tag list: trimmed, lower-cased, `<` `>` stripped, invalid names dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    const name = t
      .trim()
      .replace(/^<\/?|>$/g, '')
      .toLowerCase();
    if (TAG_NAME.test(name)) out.add(name);
  }
  return [...out];
}

/** Parses a comma/space separated tag list, e.g. from a settings field: "think, action <plan>". */
export function parseTagList(text: string): string[] {
  return normalizeTags(text.split(/[\s,]+/).filter(Boolean));
}

export function splitSegments(text: string, tags: readonly string[] = DEFAULT_SEGMENT_TAGS): Segment[] {
  const names = normalizeTags(tags);
  if (!text) return [];
  if (names.length === 0) return [{ kind: 'text', text }];
  // One regex finds every opening or closing tag of a configured name.
  const re = new RegExp(`<(/?)(${names.map(escapeRegExp).join('|')})(?:\\s[^<>]*)?>`, 'gi');
  const out: Segment[] = [];
  let cursor = 0; // start of text not yet emitted
  let open: { tag: string; innerStart: number; depth: number } | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const isClose = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (open) {
      if (tag !== open.tag) continue; // other tags inside a block stay verbatim
      if (!isClose) {
        open.depth++;
        continue;
      }
      if (--open.depth > 0) continue;
      out.push({
        kind: 'block',
        tag,
        text: text.slice(open.innerStart, m.index),
        closed: true,
        opened: true,
        source: 'tag',
      });
      cursor = m.index + m[0].length;
      open = null;
    } else if (!isClose) {
      if (m.index > cursor) out.push({ kind: 'text', text: text.slice(cursor, m.index) });
      open = { tag, innerStart: m.index + m[0].length, depth: 1 };
    } else {
      // stray closing tag: the text since the last boundary was the block
      out.push({ kind: 'block', tag, text: text.slice(cursor, m.index), closed: true, opened: false, source: 'tag' });
      cursor = m.index + m[0].length;
    }
  }
  if (open) {
    out.push({
      kind: 'block',
      tag: open.tag,
      text: text.slice(open.innerStart),
      closed: false,
      opened: true,
      source: 'tag',
    });
  } else if (cursor < text.length) {
    out.push({ kind: 'text', text: text.slice(cursor) });
  }
  return out;
}

/**
 * Message.reasoning as one block. Reasoning that is wholly wrapped in a single tag
 * (`<think>…</think>`, as some importers keep it) is unwrapped so the viewer does not show the block twice.
 */
export function reasoningSegment(
  reasoning: string,
  tags: readonly string[] = DEFAULT_SEGMENT_TAGS,
): BlockSegment | null {
  if (!reasoning.trim()) return null;
  const inner = splitSegments(reasoning.trim(), tags);
  const text =
    inner.length === 1 && inner[0].kind === 'block' && inner[0].opened && inner[0].closed ? inner[0].text : reasoning;
  return { kind: 'block', tag: 'reasoning', text, closed: true, opened: true, source: 'reasoning' };
}

/** True when text contains no configured tag at all: lets renderers skip segment rendering. */
export function isPlainText(segments: Segment[]): boolean {
  return segments.every((s) => s.kind === 'text');
}
