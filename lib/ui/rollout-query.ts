/**
 * The rollout table's query (lib/query/rollout-query.ts) ⇄ URL search params (pure; runs in the
 * server and the browser). A link reproduces the view: page, page size, sort, filters, search text and hidden columns.
 *
 * URL shape (defaults are omitted when serializing):
 *   page=2  size=50  sort=-reward (leading "-" = descending; metric sorts are "metric.NAME")
 *   q=refund policy
 *   reward=0.5..1  turns=2..  metric.db_match=..0.5   (ranges "lo..hi", either side optional)
 *   has_reward=1|0  success=1|0  tools=1|0  task=T12  split=train  hide=split,trial
 *
 * Parsing never throws: a malformed value falls back to its default (a hand-edited link shows the
 * unfiltered table instead of an error page).
 */
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  METRIC_NAME_RE,
  PAGE_SIZES,
  SEARCH_MAX_LENGTH,
  type NumRange,
  type PageSize,
  type RolloutFilters,
  type RolloutQuery,
  type RolloutSort,
  type SortKey,
} from '../query/rollout-query';

const finite = z.coerce.number().refine(Number.isFinite);
const flag = z.enum(['1', '0']).transform((v) => v === '1');
const text = z.string().trim().min(1).max(500);

function parseRange(raw: string | undefined): NumRange | undefined {
  if (raw === undefined) return undefined;
  const i = raw.indexOf('..');
  if (i < 0) return undefined;
  const m = [raw, raw.slice(0, i), raw.slice(i + 2)];
  const side = (s: string) => (s.trim() === '' ? undefined : finite.safeParse(s.trim()).data);
  const min = side(m[1]);
  const max = side(m[2]);
  if ((m[1].trim() !== '' && min === undefined) || (m[2].trim() !== '' && max === undefined)) return undefined;
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

export function formatRange(r: NumRange | undefined): string | undefined {
  if (!r || (r.min === undefined && r.max === undefined)) return undefined;
  return `${r.min ?? ''}..${r.max ?? ''}`;
}

const sortSchema = z
  .string()
  .regex(/^-?(id|task|trial|reward|success|turns|toolCalls|split|metric\.[^"\\]{1,100})$/)
  .transform((s): RolloutSort =>
    s.startsWith('-') ? { key: s.slice(1) as SortKey, dir: 'desc' } : { key: s as SortKey, dir: 'asc' },
  );

const schema = z.object({
  page: z.coerce.number().int().min(1).max(10_000_000).catch(1),
  size: z.coerce
    .number()
    .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE),
  sort: sortSchema.catch({ ...DEFAULT_SORT }),
  q: z.string().catch(''),
  has_reward: flag.optional().catch(undefined),
  success: flag.optional().catch(undefined),
  tools: flag.optional().catch(undefined),
  task: text.optional().catch(undefined),
  split: text.optional().catch(undefined),
  hide: z
    .string()
    .transform((s) => s.split(',').filter((c) => c.length > 0 && c.length <= 120))
    .catch([]),
});

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function toRecord(source: ParamSource): Record<string, string> {
  const out: Record<string, string> = {};
  if (source instanceof URLSearchParams) {
    for (const [k, v] of source) if (!(k in out)) out[k] = v;
  } else {
    for (const [k, v] of Object.entries(source)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) out[k] = first;
    }
  }
  return out;
}

/** URL params → view state, with defaults for anything missing or malformed. */
export function parseRolloutQuery(source: ParamSource): RolloutQuery {
  const rec = toRecord(source);
  const p = schema.parse({
    page: rec.page ?? 1,
    size: rec.size ?? DEFAULT_PAGE_SIZE,
    sort: rec.sort ?? '',
    q: rec.q ?? '',
    has_reward: rec.has_reward,
    success: rec.success,
    tools: rec.tools,
    task: rec.task,
    split: rec.split,
    hide: rec.hide ?? '',
  });
  const metrics: Record<string, NumRange> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (!k.startsWith('metric.')) continue;
    const name = k.slice('metric.'.length);
    const range = parseRange(v);
    if (range && METRIC_NAME_RE.test(name)) metrics[name] = range;
  }
  if (p.sort.key.startsWith('metric.') && !METRIC_NAME_RE.test(p.sort.key.slice(7))) p.sort = { ...DEFAULT_SORT };
  const filters: RolloutFilters = { metrics };
  const reward = parseRange(rec.reward);
  const turns = parseRange(rec.turns);
  if (reward) filters.reward = reward;
  if (turns) filters.turns = turns;
  if (p.has_reward !== undefined) filters.hasReward = p.has_reward;
  if (p.success !== undefined) filters.success = p.success;
  if (p.tools !== undefined) filters.hasToolCalls = p.tools;
  if (p.task !== undefined) filters.task = p.task;
  if (p.split !== undefined) filters.split = p.split;
  // A search that is too long is left out here; tooLongSearch lets the page say so.
  const q = p.q.trim();
  return {
    page: p.page,
    pageSize: p.size,
    sort: p.sort,
    filters,
    q: q.length > SEARCH_MAX_LENGTH ? '' : q,
    hide: p.hide,
  };
}

/**
 * The search text of a link when it is too long to search (parseRolloutQuery leaves it out), so the
 * page can say so and give it back to edit; null when there is none or it is fine.
 */
export function tooLongSearch(source: ParamSource): string | null {
  const q = toRecord(source).q?.trim();
  return q !== undefined && q.length > SEARCH_MAX_LENGTH ? q : null;
}

/** View state → URL params; defaults are left out so links stay short. Keys in a stable order. */
export function serializeRolloutQuery(query: RolloutQuery, opts: { includePage?: boolean } = {}): URLSearchParams {
  const out = new URLSearchParams();
  const f = query.filters;
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== '') out.set(k, v);
  };
  put('q', query.q || undefined);
  put('task', f.task);
  put('split', f.split);
  put('reward', formatRange(f.reward));
  put('has_reward', f.hasReward === undefined ? undefined : f.hasReward ? '1' : '0');
  put('success', f.success === undefined ? undefined : f.success ? '1' : '0');
  put('tools', f.hasToolCalls === undefined ? undefined : f.hasToolCalls ? '1' : '0');
  put('turns', formatRange(f.turns));
  for (const name of Object.keys(f.metrics).sort()) put(`metric.${name}`, formatRange(f.metrics[name]));
  if (query.sort.key !== DEFAULT_SORT.key || query.sort.dir !== DEFAULT_SORT.dir)
    put('sort', `${query.sort.dir === 'desc' ? '-' : ''}${query.sort.key}`);
  if (query.pageSize !== DEFAULT_PAGE_SIZE) put('size', String(query.pageSize));
  if ((opts.includePage ?? true) && query.page !== 1) put('page', String(query.page));
  if (query.hide.length > 0) put('hide', query.hide.join(','));
  return out;
}

/** `?a=b` (or '' when everything is default). */
export function rolloutQueryString(query: RolloutQuery, opts?: { includePage?: boolean }): string {
  const s = serializeRolloutQuery(query, opts).toString();
  return s ? `?${s}` : '';
}

/** A copy with `patch` applied; changing filters, search, sort or page size returns to page 1. */
export function updateRolloutQuery(query: RolloutQuery, patch: Partial<RolloutQuery>): RolloutQuery {
  const resetsPage =
    patch.filters !== undefined || patch.q !== undefined || patch.sort !== undefined || patch.pageSize !== undefined;
  return { ...query, ...patch, page: patch.page ?? (resetsPage ? 1 : query.page) };
}

/** Number of active filters (search included), for the "Clear" affordance. */
export function countActiveFilters(query: RolloutQuery): number {
  const f = query.filters;
  let n = Object.keys(f.metrics).length;
  for (const v of [f.reward, f.hasReward, f.task, f.split, f.success, f.hasToolCalls, f.turns])
    if (v !== undefined) n++;
  return n + (query.q ? 1 : 0);
}
