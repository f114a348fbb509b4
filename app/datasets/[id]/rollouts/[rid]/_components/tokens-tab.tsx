'use client';

import { useCallback, useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { renderTokenViewAction } from '@/app/_shared/tokens/actions';
import type { TokenViewResponse } from '@/lib/jobs/token-view';
import { checkNumberText } from '@/lib/ui/number-text';

type Mask = 'all' | 'last' | 'completion';
type Opts = { tokenizer?: 'qwen3' | 'llama3'; mask?: Mask; maxLength?: number };

const inputClass = 'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';

/**
 * The rollout as the trainer sees it: the conversation the analysed export format writes, in the
 * chat template's exact text, trained spans highlighted, and the max_length cut marked. Rendered on the server (tokenizers never reach the browser);
 * defaults to the dataset's latest token analysis.
 */
export function TokensTab({ rolloutId }: { rolloutId: number }) {
  const [data, setData] = useState<TokenViewResponse | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [opts, setOpts] = useState<Opts>({});
  const [maxLenText, setMaxLenText] = useState('');
  const maxLen = checkNumberText(maxLenText, { integer: true, min: 1 });

  const load = useCallback(
    (o: Opts) =>
      startTransition(async () => {
        const r = await renderTokenViewAction({ rolloutId, ...o });
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setData(r.data);
        setMaxLenText(r.data.maxLength === null ? '' : String(r.data.maxLength));
      }),
    [rolloutId],
  );
  useEffect(() => load({}), [load]);

  const update = (patch: Opts) => {
    const next = { ...opts, ...patch };
    setOpts(next);
    load(next);
  };

  return (
    <div className="space-y-3" aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-zinc-600">Tokenizer</span>
          <select
            className={inputClass}
            value={opts.tokenizer ?? 'analysis'}
            onChange={(e) =>
              update({ tokenizer: e.target.value === 'analysis' ? undefined : (e.target.value as 'qwen3' | 'llama3') })
            }
          >
            <option value="analysis">
              {data?.analysisJobId || !opts.tokenizer
                ? `As in the latest analysis${data ? ` (${shortName(data.tokenizer)})` : ''}`
                : 'As in the latest analysis'}
            </option>
            <option value="qwen3">Qwen3</option>
            <option value="llama3">Llama 3</option>
          </select>
        </label>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-zinc-600">Trained tokens</legend>
          <div className="flex gap-3 py-1">
            {(['all', 'last', 'completion'] as const).map((m) => (
              <label key={m} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name={`mask-${rolloutId}`}
                  checked={(opts.mask ?? data?.view.mask ?? 'all') === m}
                  onChange={() => update({ mask: m })}
                />
                {m === 'all' ? 'All assistant turns' : m === 'last' ? 'Last turn only' : 'Completion only'}
              </label>
            ))}
          </div>
        </fieldset>
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (maxLen.ok) update({ maxLength: maxLen.value ?? undefined });
          }}
        >
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-zinc-600">max_length</span>
            <input
              aria-label="max_length"
              inputMode="numeric"
              aria-invalid={!maxLen.ok || undefined}
              className={`${inputClass} w-28 aria-invalid:border-red-500`}
              value={maxLenText}
              onChange={(e) => setMaxLenText(e.target.value)}
              placeholder="none"
            />
            {!maxLen.ok && (
              <span role="alert" className="text-xs text-red-700 dark:text-red-400">
                max_length {maxLen.message}
              </span>
            )}
          </label>
          <Button type="submit" size="sm" disabled={pending || !maxLen.ok}>
            Apply
          </Button>
        </form>
        {pending && <span className="text-xs text-zinc-500">Rendering…</span>}
      </div>

      {error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error.message}
        </div>
      )}

      {data && <TokenLegend data={data} />}
      {data && <RenderedText data={data} />}
    </div>
  );
}

function shortName(tokenizer: string): string {
  return tokenizer.length > 30 ? `…${tokenizer.slice(-28)}` : tokenizer;
}

function TokenLegend({ data }: { data: TokenViewResponse }) {
  const { view, maxLength } = data;
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      <span>
        <span className="font-mono">{shortName(data.tokenizer)}</span>
        {data.isCustomTemplate && ' + custom template'}
        {data.removeSystemMessages && ' · system messages removed'}
      </span>
      <span title="The conversation shown is the one this export format writes">{data.shape}</span>
      <span className="tabular">{view.totalTokens.toLocaleString('en-US')} tokens</span>
      <span className="flex items-center gap-1">
        <mark className="rounded-sm bg-emerald-200/80 px-1 text-emerald-950">trained</mark>
        <span className="tabular">{data.trainedTokens.toLocaleString('en-US')} tokens</span>
      </span>
      {maxLength !== null && (
        <span className="tabular">
          cut at {maxLength.toLocaleString('en-US')}:{' '}
          {view.cutChar === null
            ? 'nothing cut'
            : `${(view.totalTokens - maxLength).toLocaleString('en-US')} tokens dropped, ${data.trainedLost.toLocaleString('en-US')} of them trained`}
        </span>
      )}
    </p>
  );
}

/** Segments, split once more at the cut so text past max_length is struck out. */
function RenderedText({ data }: { data: TokenViewResponse }) {
  const { view } = data;
  const cut = view.cutChar;
  const parts: { key: string; text: string; trained: boolean; past: boolean }[] = [];
  let pos = 0;
  view.segments.forEach((s, i) => {
    const start = pos;
    const end = pos + s.text.length;
    pos = end;
    if (cut !== null && cut > start && cut < end) {
      parts.push({ key: `${i}a`, text: s.text.slice(0, cut - start), trained: s.trained, past: false });
      parts.push({ key: 'cut', text: '', trained: false, past: true });
      parts.push({ key: `${i}b`, text: s.text.slice(cut - start), trained: s.trained, past: true });
    } else {
      if (cut !== null && cut === start) parts.push({ key: 'cut', text: '', trained: false, past: true });
      parts.push({ key: String(i), text: s.text, trained: s.trained, past: cut !== null && start >= cut });
    }
  });
  return (
    <pre
      aria-label="Rendered chat template"
      className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-words rounded-lg border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-relaxed dark:border-zinc-800 dark:bg-zinc-950"
    >
      {parts.map((p) =>
        p.key === 'cut' ? (
          <span
            key="cut"
            role="separator"
            aria-label={`max_length ${data.maxLength} cut`}
            className="my-1 block border-t-2 border-dashed border-red-500 text-[10px] font-sans font-semibold text-red-600"
          >
            max_length {data.maxLength?.toLocaleString('en-US')}: everything below is cut
          </span>
        ) : p.trained ? (
          <mark
            key={p.key}
            className={`rounded-sm ${p.past ? 'bg-red-100 text-zinc-500 line-through decoration-red-400' : 'bg-emerald-200/80 text-emerald-950'}`}
          >
            {p.text}
          </mark>
        ) : (
          <span key={p.key} className={p.past ? 'text-zinc-400 line-through decoration-zinc-300' : undefined}>
            {p.text}
          </span>
        ),
      )}
    </pre>
  );
}
