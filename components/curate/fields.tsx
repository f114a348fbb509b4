'use client';

import { useState, type ReactNode } from 'react';
import { checkNumberText } from '@/lib/ui/number-text';

const inputClass =
  'tabular rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-right text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50 aria-invalid:border-red-500 aria-invalid:ring-1 aria-invalid:ring-red-500 dark:border-zinc-700 dark:bg-zinc-950';

/**
 * A number input that lets the user type through invalid intermediate text ("0.", "-"). Text that
 * is not an acceptable number is not applied, and says why under the input until it is fixed.
 */
export function NumberInput({
  value,
  onChange,
  label,
  disabled,
  className = 'w-20',
  integer,
  min,
}: {
  value: number;
  onChange: (v: number) => void;
  label: string;
  disabled?: boolean;
  className?: string;
  integer?: boolean;
  min?: number;
}) {
  const [draft, setDraft] = useState<{ text: string; badInput: boolean } | null>(null);
  const check = draft ? checkNumberText(draft.text, { integer, min, optional: false }, draft.badInput) : null;
  const problem = check && !check.ok ? check.message : null;
  return (
    <span className="inline-flex flex-col items-end">
      <input
        type="number"
        step={integer ? 1 : 'any'}
        min={min}
        inputMode={integer ? 'numeric' : 'decimal'}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        title={problem ? `${label}: ${problem}` : undefined}
        disabled={disabled}
        value={draft ? draft.text : String(value)}
        onChange={(e) => {
          const next = { text: e.target.value, badInput: e.target.validity.badInput };
          setDraft(next);
          const c = checkNumberText(next.text, { integer, min, optional: false }, next.badInput);
          if (c.ok && c.value !== null) onChange(c.value);
        }}
        // Leaving a field with a problem keeps the text (and the message) so it can be fixed.
        onBlur={() => !problem && setDraft(null)}
        className={`${inputClass} ${className}`}
      />
      {problem && !disabled && (
        <span
          role="alert"
          className="mt-0.5 max-w-40 text-right text-[11px] leading-tight text-red-700 dark:text-red-400"
        >
          {problem}
        </span>
      )}
    </span>
  );
}

/** A slider and a numeric input bound to one value. The input accepts values beyond the slider's range. */
export function RangeField({
  label,
  value,
  min,
  max,
  step,
  onChange,
  disabled,
  hint,
  integer,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  disabled?: boolean;
  hint?: ReactNode;
  integer?: boolean;
}) {
  const clamped = Math.min(max, Math.max(min, value));
  return (
    <div className={disabled ? 'opacity-60' : undefined}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
        <NumberInput label={`${label} value`} value={value} onChange={onChange} disabled={disabled} integer={integer} />
      </div>
      <input
        type="range"
        aria-label={label}
        min={min}
        max={max}
        step={step}
        value={clamped}
        disabled={disabled}
        onChange={(e) => onChange(Number(e.target.value))}
        className="mt-1 h-4 w-full cursor-pointer accent-indigo-600 disabled:cursor-not-allowed"
      />
      <div className="tabular flex justify-between text-[10px] text-zinc-400">
        <span>{tidy(min)}</span>
        {hint && <span className="text-zinc-500 dark:text-zinc-400">{hint}</span>}
        <span>{tidy(max)}</span>
      </div>
    </div>
  );
}

/** A cap: a positive integer or "no cap" (null). */
export function CapField({
  label,
  value,
  onChange,
  fallback,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  fallback: number;
}) {
  return (
    <div className="flex items-center justify-between gap-2">
      <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1 text-xs text-zinc-500">
          <input
            type="checkbox"
            checked={value === null}
            onChange={(e) => onChange(e.target.checked ? null : fallback)}
            className="accent-indigo-600"
          />
          no cap
        </label>
        <NumberInput
          label={label}
          value={value ?? fallback}
          onChange={(v) => onChange(Math.max(1, Math.round(v)))}
          disabled={value === null}
          integer
          min={1}
          className="w-20"
        />
      </div>
    </div>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 accent-indigo-600"
      />
      <span>
        {label}
        {hint && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>}
      </span>
    </label>
  );
}

/** A small radio group drawn as a segmented control. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          onClick={() => onChange(o.value)}
          className={`rounded px-2 py-0.5 text-xs font-medium ${
            o.value === value
              ? 'bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100'
              : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
          }`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function FieldGroup({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <fieldset className="space-y-3 border-t border-zinc-200 pt-3 first:border-t-0 first:pt-0 dark:border-zinc-800">
      <legend className="sr-only">{title}</legend>
      <div className="flex items-center justify-between gap-2" aria-hidden>
        <span className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          {title}
        </span>
        {aside}
      </div>
      {children}
    </fieldset>
  );
}

/** Bounds come from the data (e.g. -2.0000000000000004): show them as a person would write them. */
function tidy(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
