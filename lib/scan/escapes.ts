/**
 * Spans must survive JSON. Much of what the scan reads is JSON text (tool-call arguments, tool
 * results that echo API responses), and redaction replaces spans in place. A span that starts or
 * ends inside an escape sequence (`\n`, `\"`, `\u00e9`) would leave a broken escape behind, so the
 * scanner treats an escape as one character: a token may start right after `\n`, and spans are
 * moved off escape sequences before they are reported. Redaction text has no `"`, `\` or control
 * characters, so a span that lies between escapes can be replaced without breaking a JSON string.
 */

/** True when text[j] is a backslash that starts an escape (an even number of backslashes before it). */
export function isEscapeStart(text: string, j: number): boolean {
  if (text.charCodeAt(j) !== 92) return false;
  let k = j - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return (j - 1 - k) % 2 === 0;
}

/** End (exclusive) of the escape sequence starting at j. */
function escapeEnd(text: string, j: number): number {
  return text.charCodeAt(j + 1) === 117 /* u */ ? j + 6 : j + 2;
}

/** The start of the escape sequence covering position i (i inside it, not at its backslash), or -1. */
export function escapeCovering(text: string, i: number): number {
  for (let j = i - 1; j >= 0 && j >= i - 5; j--) {
    if (text.charCodeAt(j) === 92 && isEscapeStart(text, j)) return escapeEnd(text, j) > i ? j : -1;
  }
  return -1;
}

/** True when position i directly follows a complete escape sequence (so a token may start there). */
export function followsEscape(text: string, i: number): boolean {
  if (i >= 2 && text.charCodeAt(i - 2) === 92 && isEscapeStart(text, i - 2) && text.charCodeAt(i - 1) !== 117)
    return true;
  return i >= 6 && text.charCodeAt(i - 6) === 92 && text.charCodeAt(i - 5) === 117 && isEscapeStart(text, i - 6);
}

/** Moves [start, end) off escape sequences; returns null when nothing is left. */
export function alignSpan(text: string, start: number, end: number): [number, number] | null {
  const s = escapeCovering(text, start);
  if (s >= 0) start = escapeEnd(text, s);
  const e = escapeCovering(text, end);
  if (e >= 0) end = e;
  // a span ending on an escape's backslash would cut it too
  if (end > start && text.charCodeAt(end - 1) === 92 && isEscapeStart(text, end - 1)) end--;
  return end > start ? [start, end] : null;
}

const WORD = /[A-Za-z0-9_]/;

/** A token may start at i: at the start, after a non-word character, or right after an escape. */
export function isBoundaryBefore(text: string, i: number, word: RegExp = WORD): boolean {
  return i === 0 || !word.test(text[i - 1]) || followsEscape(text, i);
}
