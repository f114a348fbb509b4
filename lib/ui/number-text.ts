/**
 * What a user typed into a numeric field, checked: its number, or a reason a person can act on.
 * Every numeric input in the app goes through this, so "abc" in a filter is never silently ignored.
 * Pure (pages and client components share it).
 */

export interface NumberRules {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Empty text is allowed (no value); else "required". Default true. */
  optional?: boolean;
}

export type NumberCheck = { ok: true; value: number | null } | { ok: false; message: string };

const fmt = (n: number) => String(n);

/**
 * `badInput`: the browser's validity.badInput of an <input type="number">, whose value reads '' for
 * text it cannot parse ("1e", "--").
 */
export function checkNumberText(text: string, rules: NumberRules = {}, badInput = false): NumberCheck {
  const t = text.trim();
  if (badInput) return { ok: false, message: 'not a number' };
  if (t === '') return rules.optional === false ? { ok: false, message: 'required' } : { ok: true, value: null };
  // Number('') and Number(' ') are 0, and Number('0x10') is 16: accept plain decimals only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { ok: false, message: `"${t}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `"${t}" is not a finite number` };
  if (rules.integer && !Number.isInteger(value)) return { ok: false, message: 'must be a whole number' };
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `must be at least ${fmt(rules.min)}` };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: `must be at most ${fmt(rules.max)}` };
  return { ok: true, value };
}
