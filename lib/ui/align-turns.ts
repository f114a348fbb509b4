/**
 * Aligns two conversations turn by turn for the compare view. Pure.
 *
 * - `alignByIndex` pairs message i with message i.
 * - `alignBySignature` runs an LCS over per-message signatures (role, plus the tool names an assistant
 *   calls or a tool result answers), so an extra clarifying turn in one rollout shifts the rest instead
 *   of marking every later turn as different. Unmatched stretches between two matches are zipped side
 *   by side ('different'); what is left over is 'only-a' / 'only-b'.
 *
 * Row kinds: 'same' (same signature and same content, ids ignored), 'modified' (same signature,
 * different content), 'different' (different signatures side by side), 'only-a', 'only-b'.
 */
import type { Message } from '../formats/types';

export type AlignKind = 'same' | 'modified' | 'different' | 'only-a' | 'only-b';

export interface AlignedRow {
  /** Index into the first conversation, or null for a gap. */
  a: number | null;
  b: number | null;
  kind: AlignKind;
}

export interface Alignment {
  rows: AlignedRow[];
  /** Index into `rows` of the first row that is not 'same', or null when the two are identical. */
  firstDivergence: number | null;
  counts: Record<AlignKind, number>;
}

/** Above this many LCS cells (n·m) the signature alignment falls back to index alignment. */
export const MAX_LCS_CELLS = 16_000_000;

/** "user", "assistant", "assistant→get_order,cancel_order", "tool←get_order". */
export function turnSignature(m: Message): string {
  if (m.role === 'assistant' && m.tool_calls?.length) return `assistant→${m.tool_calls.map((c) => c.name).join(',')}`;
  if (m.role === 'tool') return `tool←${m.name ?? ''}`;
  return m.role;
}

function contentKey(c: Message['content']): string {
  if (c == null) return '';
  if (typeof c === 'string') return c;
  return JSON.stringify(c);
}

/** Equal for reading purposes: same role, text, reasoning, calls (name + arguments) and flags; ids ignored. */
export function messagesEqual(x: Message, y: Message): boolean {
  if (x.role !== y.role || contentKey(x.content) !== contentKey(y.content)) return false;
  if ((x.reasoning ?? '') !== (y.reasoning ?? '') || (x.name ?? '') !== (y.name ?? '')) return false;
  if (!!x.error !== !!y.error || x.requestor !== y.requestor) return false;
  const xc = x.tool_calls ?? [];
  const yc = y.tool_calls ?? [];
  if (xc.length !== yc.length) return false;
  return xc.every(
    (c, i) => c.name === yc[i].name && c.arguments === yc[i].arguments && c.requestor === yc[i].requestor,
  );
}

function finish(rows: AlignedRow[]): Alignment {
  const counts: Record<AlignKind, number> = { same: 0, modified: 0, different: 0, 'only-a': 0, 'only-b': 0 };
  for (const r of rows) counts[r.kind]++;
  const i = rows.findIndex((r) => r.kind !== 'same');
  return { rows, firstDivergence: i === -1 ? null : i, counts };
}

function pairKind(a: Message, b: Message): AlignKind {
  if (turnSignature(a) !== turnSignature(b)) return 'different';
  return messagesEqual(a, b) ? 'same' : 'modified';
}

export function alignByIndex(a: Message[], b: Message[]): Alignment {
  const rows: AlignedRow[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) rows.push({ a: null, b: i, kind: 'only-b' });
    else if (i >= b.length) rows.push({ a: i, b: null, kind: 'only-a' });
    else rows.push({ a: i, b: i, kind: pairKind(a[i], b[i]) });
  }
  return finish(rows);
}

export function alignBySignature(a: Message[], b: Message[]): Alignment {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS) return alignByIndex(a, b);
  // Intern signatures to small ints so the DP compares numbers.
  const ids = new Map<string, number>();
  const intern = (s: string) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1);
  const sa = a.map((x) => intern(turnSignature(x)));
  const sb = b.map((x) => intern(turnSignature(x)));
  // Suffix LCS lengths: L[i][j] = LCS of sa[i..] and sb[j..], flattened (n+1)·(m+1).
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = sa[i] === sb[j] ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
    }
  }
  const rows: AlignedRow[] = [];
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flushGap = () => {
    const k = Math.min(gapA.length, gapB.length);
    for (let t = 0; t < k; t++) rows.push({ a: gapA[t], b: gapB[t], kind: 'different' });
    for (let t = k; t < gapA.length; t++) rows.push({ a: gapA[t], b: null, kind: 'only-a' });
    for (let t = k; t < gapB.length; t++) rows.push({ a: null, b: gapB[t], kind: 'only-b' });
    gapA = [];
    gapB = [];
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (sa[i] === sb[j] && L[i * w + j] === L[(i + 1) * w + j + 1] + 1) {
      flushGap();
      rows.push({ a: i, b: j, kind: messagesEqual(a[i], b[j]) ? 'same' : 'modified' });
      i++;
      j++;
    } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
      gapA.push(i++);
    } else {
      gapB.push(j++);
    }
  }
  while (i < n) gapA.push(i++);
  while (j < m) gapB.push(j++);
  flushGap();
  return finish(rows);
}

export type AlignMode = 'signature' | 'index';

export function alignTurns(a: Message[], b: Message[], mode: AlignMode = 'signature'): Alignment {
  return mode === 'index' ? alignByIndex(a, b) : alignBySignature(a, b);
}
