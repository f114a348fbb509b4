/**
 * Numbers from sources that write them loosely (numpy values through default=str, parquet int64 as
 * BigInt, NaN from Python): rewards, metrics and the coercions behind them.
 */
import { isRecord, typeName } from './guards';
import type { IssueSink } from './issues';

/** int64 from parquet arrives as BigInt: convert when it is a safe integer, else undefined. */
export function bigintToNumber(value: bigint): number | undefined {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(value);
}

/**
 * A finite number from a number, a numeric string ("0.5", because Python's default=str wrote it),
 * a boolean (0/1) or a BigInt. Anything else, and NaN/Infinity, gives undefined.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return bigintToNumber(value);
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Reads a reward-like value. null/undefined → null silently (no reward is legal). Numeric strings
 * are accepted (reported as a note, because numpy values serialised by default=str are common).
 * NaN, Infinity, "nan", objects... → null with an issue, so the user sees why a reward is missing.
 */
export function parseReward(value: unknown, sink: IssueSink, path: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    sink.add(path, `reward is ${String(value)}; stored as no reward`);
    return null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = toFiniteNumber(value);
  if (n !== undefined) {
    if (typeof value === 'string') sink.add(path, `reward is the string ${JSON.stringify(value)}; read as ${n}`);
    return n;
  }
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeName(value);
  sink.add(path, `reward is not a finite number (${shown}); stored as no reward`);
  return null;
}

/** Keeps only finite numbers; booleans become 0/1; numeric strings are parsed. Others dropped. */
export function sanitizeMetrics(input: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') continue; // strings are labels, not metrics (a numeric string is ambiguous)
    const n = toFiniteNumber(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/**
 * Numeric and boolean fields of `obj` as metrics (no recursion), e.g. NeMo-Gym's top-level
 * accuracy/set_overlap. `prefix` namespaces them ("reward_breakdown.DB").
 */
export function numericFields(
  obj: unknown,
  prefix = '',
  exclude: ReadonlySet<string> = new Set(),
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (exclude.has(k)) continue;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      const n = toFiniteNumber(v);
      if (n !== undefined) out[prefix + k] = n;
    }
  }
  return out;
}
