/**
 * A growable output buffer for encoders that assemble bytes rather than strings (see
 * openai-chat-stored.ts): copying byte ranges of stored JSON costs a memcpy, where building strings
 * would cost a UTF-8 decode and encode of every line. Its buffer is never pooled, so the bytes a
 * batch took can be transferred to another thread.
 */
export class ByteSink {
  /** The buffer written into; it is replaced when it grows, so read it again after `reserve`. */
  buf: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  /** `reuse`: memory a finished batch gave back, used when it is large enough. */
  constructor(initialBytes = 1 << 16, reuse?: ArrayBuffer) {
    const size = Math.max(16, Math.ceil(initialBytes));
    this.buf = reuse && reuse.byteLength >= size ? new Uint8Array(reuse) : fresh(size);
  }

  /** Makes room for `extra` more bytes (callers that write into `buf` directly). */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = fresh(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends `src[start, end)`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const buf = this.buf;
    let at = this.length;
    // Short spans (keys, roles, ids) are cheaper to copy by hand than through subarray + set.
    if (n <= 48) for (let k = start; k < end; k++) buf[at++] = src[k];
    else buf.set(src.subarray(start, end), at);
    this.length += n;
  }

  /** Appends pre-encoded bytes (a literal, a cached fragment). */
  append(src: Uint8Array): void {
    this.bytes(src, 0, src.length);
  }

  /** Appends one byte (an ASCII character code). */
  byte(code: number): void {
    this.reserve(1);
    this.buf[this.length++] = code;
  }

  /** Appends a string as UTF-8. */
  text(s: string): void {
    this.reserve(s.length * 3);
    this.length += utf8.encodeInto(s, this.buf.subarray(this.length)).written;
  }

  /** Drops everything after the first `length` bytes (undoes a half-written line). */
  truncate(length: number): void {
    if (length < this.length) this.length = length;
  }

  /** The bytes written, as a view of a buffer no one else holds (safe to transfer). */
  take(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

const utf8 = new TextEncoder();

/**
 * Memory for a sink: not zero-filled (only the written prefix is ever read) and never from Node's
 * shared pool, so its ArrayBuffer belongs to this sink alone and can be transferred.
 */
function fresh(size: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(size);
  // A plain Uint8Array over it: encoders index it in hot loops, and one array type keeps those
  // accesses monomorphic.
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** ASCII text as bytes, for literals an encoder appends many times. */
export function asciiBytes(s: string): Uint8Array {
  return utf8.encode(s);
}
