/**
 * The token analysis columns as compact JSON for shipping to the browser once (as the curation model
 * is, lib/curation/wire.ts): integer columns as base64 of their bytes in the narrowest width that
 * holds them, span boundaries and ids as deltas (mostly small). Exact: the browser recomputes from
 * the very numbers the job stored.
 */
import { decodeBase64, encodeBase64 } from '../curation/base64';
import type { TokenColumns } from './columns';

export const TOKEN_WIRE_FORMAT = 'sift-token-columns';

export interface IntColumn {
  bytes: 1 | 2 | 4;
  data: string;
}

export interface TokenWire {
  format: typeof TOKEN_WIRE_FORMAT;
  version: 1;
  n: number;
  spans: number;
  columns: {
    idDeltas: IntColumn;
    total: IntColumn;
    system: IntColumn;
    systemNoSys: IntColumn;
    assistant: IntColumn;
    completionStart: IntColumn;
    spanCounts: IntColumn;
    /** Per rollout: start0, end0 - start0, start1 - end0, end1 - start1, ... */
    spanDeltas: IntColumn;
  };
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function pack(a: Int32Array): IntColumn {
  let min = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < min) min = a[i];
    if (a[i] > max) max = a[i];
  }
  const narrow = min >= -128 && max <= 127 ? Int8Array.from(a) : min >= -32768 && max <= 32767 ? Int16Array.from(a) : a;
  return {
    bytes: narrow.BYTES_PER_ELEMENT as 1 | 2 | 4,
    data: encodeBase64(new Uint8Array(narrow.buffer, narrow.byteOffset, narrow.byteLength)),
  };
}

function unpack(c: IntColumn, n: number, name: string): Int32Array {
  const bytes = decodeBase64(c.data);
  if (bytes.byteLength !== n * c.bytes) throw new Error(`token wire: column ${name} has the wrong length`);
  const buf = bytes.buffer as ArrayBuffer;
  if (c.bytes === 4) return new Int32Array(buf.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const narrow = c.bytes === 2 ? new Int16Array(buf, bytes.byteOffset, n) : new Int8Array(buf, bytes.byteOffset, n);
  return Int32Array.from(narrow);
}

export function toTokenWire(cols: TokenColumns): TokenWire {
  if (!IS_LITTLE_ENDIAN) throw new Error('token wire: big-endian hosts are not supported');
  const n = cols.n;
  const idDeltas = new Int32Array(n);
  const spanCounts = new Int32Array(n);
  const spanDeltas = new Int32Array(cols.spanStart.length * 2);
  let o = 0;
  for (let i = 0; i < n; i++) {
    idDeltas[i] = i === 0 ? cols.ids[0] : cols.ids[i] - cols.ids[i - 1];
    const from = cols.spanOffset[i];
    const to = cols.spanOffset[i + 1];
    spanCounts[i] = to - from;
    let prev = 0;
    for (let k = from; k < to; k++) {
      spanDeltas[o++] = cols.spanStart[k] - prev;
      spanDeltas[o++] = cols.spanEnd[k] - cols.spanStart[k];
      prev = cols.spanEnd[k];
    }
  }
  return {
    format: TOKEN_WIRE_FORMAT,
    version: 1,
    n,
    spans: cols.spanStart.length,
    columns: {
      idDeltas: pack(idDeltas),
      total: pack(cols.total),
      system: pack(cols.system),
      systemNoSys: pack(cols.systemNoSys),
      assistant: pack(cols.assistant),
      completionStart: pack(cols.completionStart),
      spanCounts: pack(spanCounts),
      spanDeltas: pack(spanDeltas),
    },
  };
}

export function fromTokenWire(wire: TokenWire): TokenColumns {
  if (wire.format !== TOKEN_WIRE_FORMAT || wire.version !== 1) throw new Error('token wire: unknown format or version');
  const { n, spans, columns: c } = wire;
  const idDeltas = unpack(c.idDeltas, n, 'idDeltas');
  const spanCounts = unpack(c.spanCounts, n, 'spanCounts');
  const spanDeltas = unpack(c.spanDeltas, spans * 2, 'spanDeltas');
  const ids = new Int32Array(n);
  const spanOffset = new Int32Array(n + 1);
  const spanStart = new Int32Array(spans);
  const spanEnd = new Int32Array(spans);
  let k = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    ids[i] = i === 0 ? idDeltas[0] : ids[i - 1] + idDeltas[i];
    let prev = 0;
    for (let j = 0; j < spanCounts[i]; j++, k++) {
      spanStart[k] = prev + spanDeltas[o++];
      spanEnd[k] = spanStart[k] + spanDeltas[o++];
      prev = spanEnd[k];
    }
    spanOffset[i + 1] = k;
  }
  if (k !== spans) throw new Error('token wire: span counts do not add up');
  return {
    n,
    ids,
    total: unpack(c.total, n, 'total'),
    system: unpack(c.system, n, 'system'),
    systemNoSys: unpack(c.systemNoSys, n, 'systemNoSys'),
    assistant: unpack(c.assistant, n, 'assistant'),
    completionStart: unpack(c.completionStart, n, 'completionStart'),
    spanOffset,
    spanStart,
    spanEnd,
  };
}
