/**
 * Where the string literals of a JSON text are. Redaction may only touch the inside of a string
 * literal: a span over a number or a key's quotes would break the document. scanRollout uses this
 * for text that parses as JSON (tool-call arguments, tool results that echo an API's response).
 */

/**
 * [start, end) of each string *value*'s content (quotes excluded), flattened. Keys are left out:
 * redacting a key would change the document's shape (and could merge two keys into one).
 */
export function stringLiteralRanges(text: string): number[] {
  const ranges: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34) continue;
    const start = i + 1;
    i = start;
    while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
    let j = i + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\n' || text[j] === '\t' || text[j] === '\r')) j++;
    if (text[j] !== ':') ranges.push(start, i);
  }
  return ranges;
}

/** Is [start, end) inside one literal of `ranges` (sorted, as stringLiteralRanges returns)? */
export function isInsideLiteral(ranges: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[2 * mid + 1] < start) lo = mid + 1;
    else if (ranges[2 * mid] > start) hi = mid - 1;
    else return end <= ranges[2 * mid + 1];
  }
  return false;
}

/**
 * JSON text that parses. `container`: only an object or array counts (message text: a bare
 * `4111111111111111` typed by a user is prose, not a JSON number); `any`: any JSON value (tool-call
 * arguments, which are JSON by contract, even when they are a bare number).
 */
export function isJsonDocument(text: string, accept: 'container' | 'any' = 'container'): boolean {
  const t = text.trimStart();
  if (accept === 'container' && t[0] !== '{' && t[0] !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
