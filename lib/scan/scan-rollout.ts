/**
 * scanRollout: findings over every string of a canonical rollout that can carry a secret or
 * personal data: message content (string or text parts), reasoning, each tool call's raw
 * `arguments` text, and the string leaves of meta and (for secrets only) tools. Image parts are skipped (base64 data
 * URLs hold neither, and scanning them costs more than the rest of the rollout).
 *
 * Findings come in a fixed order (messages in order, then meta, then tools), so two scans of the
 * same rollout are equal and can be stored and compared.
 */
import { childPath } from './json-path';
import { isInsideLiteral, isJsonDocument, stringLiteralRanges } from './json-strings';
import { keyedSecretKind } from './keyed';
import { scanText } from './scan-text';
import type { Finding, ScanOptions } from './types';
import type { Rollout } from '../formats/types';

export type Scannable = Pick<Rollout, 'messages' | 'tools' | 'meta'>;
type Location = Pick<Finding, 'messageIndex' | 'field' | 'part' | 'call' | 'path'>;

function addText(out: Finding[], text: string, opts: ScanOptions, where: Location): void {
  const found = scanText(text, opts);
  if (found.length === 0) return;
  // In JSON text only string contents may be redacted: a card number written as a JSON number is
  // left alone rather than turned into text that no longer parses.
  const ranges = isJsonDocument(text, where.field === 'arguments' ? 'any' : 'container')
    ? stringLiteralRanges(text)
    : null;
  for (const f of found) if (!ranges || isInsideLiteral(ranges, f.start, f.end)) out.push({ ...f, ...where });
}

/** Walks a JSON value's string leaves; a leaf under a secret-named key is checked as a whole value. */
function addJson(
  out: Finding[],
  value: unknown,
  path: string,
  key: string | null,
  field: 'meta' | 'tools',
  opts: ScanOptions,
): void {
  if (typeof value === 'string') {
    const before = out.length;
    addText(out, value, opts, { messageIndex: -1, field, path });
    const wantSecrets = !opts.categories || opts.categories.includes('secret');
    const kind = key !== null && wantSecrets && out.length === before ? keyedSecretKind(key, value) : null;
    if (kind)
      out.push({
        kind,
        category: 'secret',
        rule: 'generic-api-key',
        start: 0,
        end: value.length,
        messageIndex: -1,
        field,
        path,
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => addJson(out, v, childPath(path, i), key, field, opts));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) addJson(out, v, childPath(path, k), k, field, opts);
  }
}

/**
 * Tool definitions are the developer's schema: example addresses in them are not anyone's data, so
 * only secrets are looked for. Every rollout of a dataset usually carries the same definitions, so
 * their findings are remembered by the definitions' JSON text (a few dozen distinct sets at most).
 */
const toolFindings = new Map<string, Finding[]>();
const TOOL_CACHE_SIZE = 64;

function scanTools(tools: Scannable['tools']): Finding[] {
  const key = JSON.stringify(tools);
  const known = toolFindings.get(key);
  if (known) return known.map((f) => ({ ...f }));
  const found: Finding[] = [];
  addJson(found, tools, '$', null, 'tools', { categories: ['secret'] });
  if (toolFindings.size >= TOOL_CACHE_SIZE) toolFindings.delete(toolFindings.keys().next().value!);
  toolFindings.set(key, found);
  return found.map((f) => ({ ...f }));
}

export function scanRollout(rollout: Scannable, opts: ScanOptions = {}): Finding[] {
  const out: Finding[] = [];
  rollout.messages.forEach((m, i) => {
    if (typeof m.content === 'string') addText(out, m.content, opts, { messageIndex: i, field: 'content' });
    else if (Array.isArray(m.content))
      m.content.forEach((p, part) => {
        if (p.type === 'text') addText(out, p.text, opts, { messageIndex: i, field: 'content', part });
      });
    if (m.reasoning) addText(out, m.reasoning, opts, { messageIndex: i, field: 'reasoning' });
    m.tool_calls?.forEach((c, call) => addText(out, c.arguments, opts, { messageIndex: i, field: 'arguments', call }));
  });
  if (rollout.meta) addJson(out, rollout.meta, '$', null, 'meta', opts);
  if (rollout.tools.length > 0 && (!opts.categories || opts.categories.includes('secret')))
    out.push(...scanTools(rollout.tools));
  return out;
}
