/**
 * Streaming JSON with @streamparser/json for files that are not one-value-per-line: a top-level
 * array (elements are records) or concatenated values (`{...}\n{...}`, possibly pretty-printed).
 * Input is decoded with a fatal TextDecoder so invalid UTF-8 is reported, not replaced.
 */
import { JSONParser } from '@streamparser/json';
import { readBytes } from './source';
import { readIssue, type ReadItem, type ReadOptions } from './types';

export async function* readJsonStream(
  path: string,
  mode: 'array' | 'concat',
  opts: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const out: ReadItem[] = [];
  let record = 0;
  let lineNo = 0; // lines fully written so far (concat mode)
  let startLine: number | undefined; // first non-blank line of the value in progress
  let failed = false;
  let resyncing = false;
  let ending = false;
  let parser: JSONParser;

  const makeParser = (): JSONParser => {
    const p = new JSONParser(
      mode === 'array' ? { paths: ['$.*'], keepStack: false } : { paths: ['$'], keepStack: false, separator: '' },
    );
    p.onValue = ({ value, key }) => {
      if (mode === 'array') {
        out.push({ type: 'record', value, record: typeof key === 'number' ? key : record, path: [record] });
      } else {
        out.push({ type: 'record', value, record, line: startLine ?? lineNo + 1 });
        startLine = undefined;
      }
      record++;
    };
    p.onError = (e) => {
      if (failed) return; // end() after an error reports again
      failed = true;
      const what = ending
        ? `the file ends inside record ${record} (truncated?)`
        : `invalid JSON in record ${record}${mode === 'concat' ? ` near line ${lineNo + 1}` : ''}: ${e.message}`;
      const stop = mode === 'array' ? `; reading stopped after ${record} records` : '';
      out.push(readIssue(record, what + stop, mode === 'concat' ? { line: startLine ?? lineNo + 1 } : {}));
    };
    return p;
  };
  parser = makeParser();

  // Concat mode writes line by line so a record knows the line it started on, and can resync after
  // an error at the next line that starts a value at column 0 (how pretty-printers write them).
  const writeLine = (line: string, hasNewline: boolean): void => {
    if (resyncing) {
      if (line[0] !== '{' && line[0] !== '[') {
        if (hasNewline) lineNo++;
        return;
      }
      resyncing = false;
      failed = false;
      parser = makeParser();
      record++; // the broken value was a record
    }
    if (startLine === undefined && line.trim() !== '') startLine = lineNo + 1;
    parser.write(hasNewline ? line + '\n' : line);
    if (hasNewline) lineNo++;
    if (failed) {
      resyncing = true;
      startLine = undefined;
    }
  };

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let firstText = true;
  try {
    for await (const chunk of readBytes(path, opts)) {
      let text = decoder.decode(chunk, { stream: true });
      if (firstText && text.length > 0) {
        firstText = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (mode === 'array') {
        if (!failed) parser.write(text);
      } else {
        const lines = (carry + text).split('\n');
        carry = lines.pop() ?? '';
        for (const l of lines) writeLine(l, true);
      }
      if (out.length > 0) {
        yield* out;
        out.length = 0;
      }
      if (failed && mode === 'array') break;
    }
    decoder.decode();
    if (carry !== '') writeLine(carry, false);
    ending = true;
    if (!failed && !parser.isEnded) parser.end();
  } catch (e) {
    const msg = e instanceof TypeError ? 'the file is not valid UTF-8' : (e as Error).message;
    out.push(readIssue(record, `reading stopped at record ${record}: ${msg}`));
    failed = true;
  }
  if (record === 0 && !failed)
    out.push(readIssue(-1, mode === 'array' ? 'the file is an empty JSON array' : 'the file holds no JSON values'));
  yield* out;
}
