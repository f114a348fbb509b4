/**
 * JSONL fast path: split Buffer chunks on 0x0a and JSON.parse each line. A whole chunk is validated
 * and decoded at once (isUtf8 is SIMD-fast); only a chunk with invalid UTF-8 is re-checked line by
 * line to name the bad lines. Bad lines become issues, never throws.
 */
import { isUtf8 } from 'node:buffer';
import { readBytes } from './source';
import { readIssue, type ReadItem, type ReadOptions } from './types';

export async function* readJsonLines(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  let lineNo = 0; // 1-based number of the last line handled
  let record = 0;
  let pending: Buffer[] = [];
  let first = true;
  const out: ReadItem[] = [];

  const handleText = (text: string): void => {
    lineNo++;
    let t = text;
    if (first) {
      first = false;
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    }
    if (t.length > 0 && t.charCodeAt(t.length - 1) === 13) t = t.slice(0, -1);
    if (t.length === 0 || (t.charCodeAt(0) <= 32 && t.trim() === '')) return;
    try {
      out.push({ type: 'record', value: JSON.parse(t), record, line: lineNo });
    } catch (e) {
      const lenient = parsePythonJson(t);
      if (lenient !== undefined) out.push({ type: 'record', value: lenient, record, line: lineNo });
      else out.push(readIssue(record, `line ${lineNo} is not valid JSON: ${(e as Error).message}`, { line: lineNo }));
    }
    record++;
  };
  const handleBuffer = (buf: Buffer): void => {
    if (isUtf8(buf)) {
      handleText(buf.toString('utf8'));
      return;
    }
    lineNo++;
    first = false;
    out.push(readIssue(record, `line ${lineNo} is not valid UTF-8; record skipped`, { line: lineNo }));
    record++;
  };
  // A block of whole lines (no trailing newline): decode once when valid, else line by line.
  const handleBlock = (block: Buffer): void => {
    if (isUtf8(block)) {
      const lines = block.toString('utf8').split('\n');
      for (const l of lines) handleText(l);
      return;
    }
    let s = 0;
    for (;;) {
      const nl = block.indexOf(10, s);
      handleBuffer(block.subarray(s, nl === -1 ? block.length : nl));
      if (nl === -1) break;
      s = nl + 1;
    }
  };

  try {
    for await (const chunk of readBytes(path, opts)) {
      let start = 0;
      if (pending.length > 0) {
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          pending.push(chunk);
          continue;
        }
        pending.push(chunk.subarray(0, nl));
        handleBuffer(Buffer.concat(pending));
        pending = [];
        start = nl + 1;
      }
      const last = chunk.lastIndexOf(10);
      if (last >= start) {
        handleBlock(chunk.subarray(start, last));
        start = last + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      if (out.length > 0) {
        yield* out;
        out.length = 0;
      }
    }
  } catch (e) {
    if (pending.length > 0) pending = [];
    out.push(
      readIssue(-1, `reading stopped: ${(e as Error).message} (a truncated or corrupt .gz?)`, { line: lineNo + 1 }),
    );
  }
  if (pending.length > 0) {
    const before = out.length;
    handleBuffer(Buffer.concat(pending));
    const last = out[out.length - 1];
    if (out.length > before && last.type === 'issue') {
      last.issue.message += ' (the file ends without a newline: truncated?)';
    }
  }
  if (record === 0) out.push(readIssue(-1, lineNo === 0 ? 'the file is empty' : 'the file holds only blank lines'));
  yield* out;
}

const NON_FINITE = /"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g;

/**
 * Python's json.dumps writes bare NaN / Infinity / -Infinity, which JSON.parse rejects. Rather than
 * losing the whole record, those tokens (outside strings) are read as the strings "NaN",
 * "Infinity", "-Infinity", so number checks downstream (parseReward) report them by name.
 * Returns undefined when the text is still not JSON.
 */
export function parsePythonJson(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return undefined;
  const fixed = text.replace(NON_FINITE, (m) => (m[0] === '"' ? m : `"${m}"`));
  try {
    return JSON.parse(fixed);
  } catch {
    return undefined;
  }
}
