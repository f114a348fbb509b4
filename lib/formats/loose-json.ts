/**
 * Loose JSON for CSV cells and Python-written data: JSON, or a Python repr such as
 * `{'a': 1, 'b': None, 'c': True}` (what `str(dict)` writes). No dependencies, never throws.
 */
type JsonObject = Record<string, unknown>;

/**
 * Parses a cell that may hold JSON or a Python repr (`{'a': 1, 'b': None, 'c': True}`), as written
 * by `str(dict)` in Python data pipelines. Returns undefined when it is neither.
 */
export function parseLooseJson(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return JSON.parse(t);
  } catch {
    // fall through to the python-repr reader
  }
  return parsePythonRepr(t);
}

/** A small reader for Python literals: dict, list, tuple, str ('..' or ".."), numbers, None/True/False. */
export function parsePythonRepr(text: string): unknown {
  let i = 0;
  const s = text;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const fail = (): never => {
    throw new Error('bad repr');
  };
  const value = (): unknown => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      const obj: JsonObject = {};
      ws();
      if (s[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        const k = value();
        ws();
        if (s[i++] !== ':') fail();
        obj[String(k)] = value();
        ws();
        if (s[i] === ',') {
          i++;
          ws();
          if (s[i] === '}') {
            i++;
            return obj;
          }
          continue;
        }
        if (s[i++] === '}') return obj;
        fail();
      }
    }
    if (c === '[' || c === '(') {
      const close = c === '[' ? ']' : ')';
      i++;
      const arr: unknown[] = [];
      ws();
      if (s[i] === close) {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (s[i] === ',') {
          i++;
          ws();
          if (s[i] === close) {
            i++;
            return arr;
          }
          continue;
        }
        if (s[i++] === close) return arr;
        fail();
      }
    }
    if (c === "'" || c === '"') {
      i++;
      let out = '';
      while (i < s.length && s[i] !== c) {
        if (s[i] === '\\') {
          const n = s[i + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
          if (n === 'u' || n === 'x') {
            const len = n === 'u' ? 4 : 2;
            out += String.fromCharCode(parseInt(s.slice(i + 2, i + 2 + len), 16));
            i += 2 + len;
            continue;
          }
          out += map[n] ?? n;
          i += 2;
          continue;
        }
        out += s[i++];
      }
      if (s[i++] !== c) fail();
      return out;
    }
    const m = /^(None|True|False|nan|inf|-inf|array\(|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(s.slice(i));
    if (!m) fail();
    const tok = m![0];
    i += tok.length;
    if (tok === 'None') return null;
    if (tok === 'True') return true;
    if (tok === 'False') return false;
    if (tok === 'nan') return NaN;
    if (tok === 'inf') return Infinity;
    if (tok === '-inf') return -Infinity;
    if (tok === 'array(') {
      // numpy repr: array([1, 2], dtype=int64) → the list
      const inner = value();
      ws();
      if (s[i] === ',') while (i < s.length && s[i] !== ')') i++;
      if (s[i++] !== ')') fail();
      return inner;
    }
    return Number(tok);
  };
  try {
    const v = value();
    ws();
    return i === s.length ? v : undefined;
  } catch {
    return undefined;
  }
}
