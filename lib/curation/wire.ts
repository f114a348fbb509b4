/**
 * Compact, JSON-safe serialization of a CurationModel for shipping to the browser once.
 * Numeric columns travel as base64 of their raw little-endian bytes (exact: the browser must see
 * the very same float64 rewards the export filters on, so preview == export); strings as arrays.
 */
import { decodeBase64, encodeBase64 } from './base64';
import type { CurationModel } from './model';

export const WIRE_FORMAT = 'sift-curation-model';

export interface CurationWire {
  format: typeof WIRE_FORMAT;
  version: 1;
  n: number;
  /** Rollout ids, unless they are all integers: then `idBase` + `idDeltas` (a fraction of the size). */
  ids?: string[];
  idBase?: number;
  idDeltas?: IntColumn;
  tasks: string[];
  prompts: string[];
  splits: string[];
  columns: {
    reward: string;
    success: string;
    taskIdx: IntColumn;
    promptIdx: IntColumn;
    splitIdx: string;
    turns: IntColumn;
    toolCalls: IntColumn;
    reviewStatus?: string;
    tokens?: IntColumn;
  };
  metrics: { name: string; values: string }[];
}

/** An Int32 column sent in the narrowest width that holds its values (turn counts fit a byte). */
export interface IntColumn {
  bytes: 1 | 2 | 4;
  data: string;
}

// Typed arrays are sent in host byte order; every platform Sift targets is little-endian.
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Typed = Float64Array | Int32Array | Int16Array | Int8Array;
type TypedCtor<T extends Typed> = {
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

function pack(a: Typed): string {
  return encodeBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function unpack<T extends Typed>(text: string, Ctor: TypedCtor<T>, n: number, name: string): T {
  const bytes = decodeBase64(text);
  if (bytes.byteLength !== n * Ctor.BYTES_PER_ELEMENT) {
    throw new Error(
      `curation wire: column ${name} has ${bytes.byteLength} bytes, expected ${n * Ctor.BYTES_PER_ELEMENT}`,
    );
  }
  return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
}

function packInt(a: Int32Array): IntColumn {
  let min = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < min) min = a[i];
    if (a[i] > max) max = a[i];
  }
  if (min >= -128 && max <= 127) return { bytes: 1, data: pack(Int8Array.from(a)) };
  if (min >= -32768 && max <= 32767) return { bytes: 2, data: pack(Int16Array.from(a)) };
  return { bytes: 4, data: pack(a) };
}

function unpackInt(c: IntColumn, n: number, name: string): Int32Array {
  if (c.bytes === 4) return unpack(c.data, Int32Array, n, name);
  const narrow = c.bytes === 2 ? unpack(c.data, Int16Array, n, name) : unpack(c.data, Int8Array, n, name);
  return Int32Array.from(narrow);
}

/** Integer ids (database row ids, ascending) travel as deltas: mostly 1, so one byte each. */
function packIds(ids: string[]): Pick<CurationWire, 'ids' | 'idBase' | 'idDeltas'> {
  const deltas = new Int32Array(ids.length);
  let prev = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = Number(ids[i]);
    if (!Number.isSafeInteger(v) || String(v) !== ids[i]) return { ids };
    const d = v - prev;
    if (i > 0 && (d < -2147483648 || d > 2147483647)) return { ids };
    if (i > 0) deltas[i] = d;
    prev = v;
  }
  return { idBase: ids.length ? Number(ids[0]) : 0, idDeltas: packInt(deltas) };
}

function unpackIds(wire: CurationWire): string[] {
  if (wire.ids) return wire.ids;
  if (wire.idBase === undefined || !wire.idDeltas) throw new Error('curation wire: no ids');
  const deltas = unpackInt(wire.idDeltas, wire.n, 'ids');
  const ids = new Array<string>(wire.n);
  let v = wire.idBase;
  for (let i = 0; i < wire.n; i++) {
    if (i > 0) v += deltas[i];
    ids[i] = String(v);
  }
  return ids;
}

export function toWire(model: CurationModel): CurationWire {
  if (!IS_LITTLE_ENDIAN) throw new Error('curation wire: big-endian hosts are not supported');
  const columns: CurationWire['columns'] = {
    reward: pack(model.reward),
    success: pack(model.success),
    taskIdx: packInt(model.taskIdx),
    promptIdx: packInt(model.promptIdx),
    splitIdx: pack(model.splitIdx),
    turns: packInt(model.turns),
    toolCalls: packInt(model.toolCalls),
  };
  if (model.reviewStatus) columns.reviewStatus = pack(model.reviewStatus);
  if (model.tokens) columns.tokens = packInt(model.tokens);
  return {
    format: WIRE_FORMAT,
    version: 1,
    n: model.n,
    ...packIds(model.ids),
    tasks: model.tasks,
    prompts: model.prompts,
    splits: model.splits,
    columns,
    metrics: model.metrics.map((m) => ({ name: m.name, values: pack(m.values) })),
  };
}

export function fromWire(wire: CurationWire): CurationModel {
  if (wire.format !== WIRE_FORMAT || wire.version !== 1) throw new Error('curation wire: unknown format or version');
  const { n, columns: c } = wire;
  const ids = unpackIds(wire);
  if (ids.length !== n) throw new Error(`curation wire: ${ids.length} ids for n=${n}`);
  const model: CurationModel = {
    n,
    ids,
    reward: unpack(c.reward, Float64Array, n, 'reward'),
    success: unpack(c.success, Int8Array, n, 'success'),
    taskIdx: unpackInt(c.taskIdx, n, 'taskIdx'),
    tasks: wire.tasks,
    promptIdx: unpackInt(c.promptIdx, n, 'promptIdx'),
    prompts: wire.prompts,
    splitIdx: unpack(c.splitIdx, Int8Array, n, 'splitIdx'),
    splits: wire.splits,
    metrics: wire.metrics.map((m) => ({ name: m.name, values: unpack(m.values, Float64Array, n, m.name) })),
    turns: unpackInt(c.turns, n, 'turns'),
    toolCalls: unpackInt(c.toolCalls, n, 'toolCalls'),
  };
  if (c.reviewStatus) model.reviewStatus = unpack(c.reviewStatus, Int8Array, n, 'reviewStatus');
  if (c.tokens) model.tokens = unpackInt(c.tokens, n, 'tokens');
  return model;
}
