/**
 * Recognises how JSON values are laid out in a file from its first bytes. Shared by the probe
 * (detection) and the json-values reader, so both agree on the container.
 */
import { JSONParser } from '@streamparser/json';

export type JsonContainer = 'jsonl' | 'json-array' | 'json-object' | 'json-concat' | 'unknown';

export interface JsonSniff {
  container: JsonContainer;
  /** Complete values seen in the head (JSONL lines, array elements, concatenated values); ≤ max. */
  samples: unknown[];
  /** Top-level keys of the first object (json-object/json-concat), in order, from the head. */
  topKeys?: string[];
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** @param complete true when `head` is the whole file. */
export function sniffJson(rawHead: string, complete: boolean, max = 5): JsonSniff {
  const head = stripBom(rawHead);
  const first = head.search(/\S/);
  if (first === -1) return { container: 'unknown', samples: [] };
  const c = head[first];
  if (c !== '{' && c !== '[') return { container: 'unknown', samples: [] };

  const lines = head.slice(first).split('\n');
  // The last line of an incomplete head is cut: never judge by it.
  const usable = complete ? lines : lines.slice(0, -1);
  const firstLine = usable.length > 0 ? tryParse(usable[0]) : undefined;
  if (firstLine !== undefined) {
    const more = usable.slice(1).some((l) => l.trim() !== '') || (!complete && lines[lines.length - 1].trim() !== '');
    if (more) {
      const samples: unknown[] = [];
      for (const l of usable) {
        if (samples.length >= max) break;
        const v = tryParse(l);
        if (v !== undefined) samples.push(v.value);
      }
      return { container: 'jsonl', samples, topKeys: keysOf(samples[0]) };
    }
    if (c === '[') return { container: 'json-array', samples: (firstLine.value as unknown[]).slice(0, max) };
    return { container: 'json-object', samples: [firstLine.value], topKeys: keysOf(firstLine.value) };
  }

  if (c === '[') return { container: 'json-array', samples: streamHead(head, ['$.*'], max, '').values };
  const { values, failed } = streamHead(head, ['$'], max, '');
  const topKeys = topLevelKeys(head.slice(first));
  if (values.length >= 2) return { container: 'json-concat', samples: values, topKeys };
  if (values.length === 1) {
    const rest = head.slice(first).trimEnd();
    // one value then more content → concatenated values; one value and nothing else → a document
    const onlyOne = complete && !failed && rest.endsWith('}') && tryParse(rest) !== undefined;
    return onlyOne
      ? { container: 'json-object', samples: values, topKeys }
      : { container: 'json-concat', samples: values, topKeys };
  }
  // Nothing complete: a big document, or a JSONL whose first line is broken.
  if (failed && head.includes('\n{')) return { container: 'jsonl', samples: [], topKeys };
  return { container: 'json-object', samples: [], topKeys };
}

function tryParse(line: string): { value: unknown } | undefined {
  const t = line.trim();
  if (t === '') return undefined;
  try {
    return { value: JSON.parse(t) };
  } catch {
    return undefined;
  }
}

function keysOf(v: unknown): string[] | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : undefined;
}

/** Complete values matching `paths` in a (possibly cut) head; stops at the first error. */
function streamHead(
  head: string,
  paths: string[],
  max: number,
  separator?: string,
): { values: unknown[]; failed: boolean } {
  const values: unknown[] = [];
  let failed = false;
  const p = new JSONParser({ paths, keepStack: false, separator });
  p.onValue = ({ value }) => {
    if (values.length < max) values.push(value);
  };
  p.onError = () => {
    failed = true;
  };
  try {
    p.write(head);
  } catch {
    failed = true;
  }
  return { values, failed };
}

/**
 * Keys of the first top-level object, as they start (so a huge `simulations` array that is cut off
 * in the head still shows up). A tiny scanner: tracks depth and strings, nothing else.
 */
export function topLevelKeys(text: string, limit = 200): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length && keys.length < limit; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        try {
          keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        } catch {
          return keys;
        }
        expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 1) expectKey = ch === '{';
      if (depth === 1 && ch === '[') return keys;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return keys;
    } else if (ch === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}
