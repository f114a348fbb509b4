/** Pure text helpers for the conversation renderers. */
import type { Message } from '@/lib/formats/types';

export function contentText(content: Message['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

export function countLines(text: string): number {
  if (!text) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Pretty-printed JSON when `text` is a JSON object or array; otherwise the text as it was. */
export function prettyJson(text: string): { text: string; isJson: boolean } {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return { text, isJson: false };
  try {
    return { text: JSON.stringify(JSON.parse(t), null, 2), isJson: true };
  } catch {
    return { text, isJson: false };
  }
}

/** Arguments of a tool call: pretty JSON, or the raw text with a flag when it does not parse. */
export function prettyArguments(args: string): { text: string; isJson: boolean } {
  const t = args.trim();
  if (!t) return { text: '', isJson: true };
  try {
    return { text: JSON.stringify(JSON.parse(t), null, 2), isJson: true };
  } catch {
    return { text: args, isJson: false };
  }
}

export const TRUNCATE_CHARS = 1500;
export const TRUNCATE_LINES = 30;

/** The head of a long text (at most `maxLines` lines and `maxChars` chars) and whether it was cut. */
export function truncateText(
  text: string,
  maxChars = TRUNCATE_CHARS,
  maxLines = TRUNCATE_LINES,
): { head: string; truncated: boolean } {
  let end = Math.min(text.length, maxChars);
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    if (++line >= maxLines) {
      end = i;
      break;
    }
  }
  return end < text.length ? { head: text.slice(0, end), truncated: true } : { head: text, truncated: false };
}

/** DOM-safe anchor id for a tool call id (ids come from data and may hold any character). */
export function anchorId(prefix: string, kind: 'call' | 'result' | 'msg', key: string | number): string {
  return `${prefix}${kind}-${String(key).replace(/[^\w-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
