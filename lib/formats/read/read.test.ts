// Generated broken inputs: each must produce a clear report and never throw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRecords, type ReadItem } from './index';

const dir = mkdtempSync(path.join(tmpdir(), 'sift-read-'));
let n = 0;
function file(content: string | Buffer, name = `f${n++}.jsonl`): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}
async function read(
  p: string,
  layout: Parameters<typeof readRecords>[1] = { kind: 'json-values' },
): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const it of readRecords(p, layout)) out.push(it);
  return out;
}
const values = (items: ReadItem[]) => items.flatMap((i) => (i.type === 'record' ? [i.value] : []));
const messages = (items: ReadItem[]) => items.flatMap((i) => (i.type === 'issue' ? [i.issue.message] : []));

describe('json-values reader', () => {
  it.each([
    ['JSONL', '{"a":1}\n{"a":2}\n', [{ a: 1 }, { a: 2 }]],
    ['BOM + CRLF + blank lines', '\ufeff{"a":1}\r\n\r\n{"a":2}\r\n', [{ a: 1 }, { a: 2 }]],
    ['no trailing newline', '{"a":1}\n{"a":2}', [{ a: 1 }, { a: 2 }]],
    ['top-level array', '[\n  {"a":1},\n  {"a":2}\n]\n', [{ a: 1 }, { a: 2 }]],
    ['one-line array', '[{"a":1},{"a":2}]', [{ a: 1 }, { a: 2 }]],
    ['JSONL of bare arrays', '[{"r":"user"}]\n[{"r":"assistant"}]\n', [[{ r: 'user' }], [{ r: 'assistant' }]]],
    ['pretty-printed concatenated values', '{\n  "a": 1\n}\n{\n  "a": 2\n}\n', [{ a: 1 }, { a: 2 }]],
    ['values on one line', '{"a":1}{"a":2}', [{ a: 1 }]],
  ])('%s', async (_name, content, expected) => {
    const items = await read(file(content));
    expect(values(items).slice(0, expected.length)).toEqual(expected);
  });

  it('gives line numbers and reports a bad line without stopping', async () => {
    const items = await read(file('{"a":1}\nnope\n\n{"a":3}\n'));
    expect(items).toEqual([
      { type: 'record', value: { a: 1 }, record: 0, line: 1 },
      {
        type: 'issue',
        issue: expect.objectContaining({ record: 1, line: 2, message: expect.stringContaining('not valid JSON') }),
      },
      { type: 'record', value: { a: 3 }, record: 2, line: 4 },
    ]);
  });

  it('reports a truncated last record', async () => {
    expect(messages(await read(file('{"a":1}\n{"a":2')))).toEqual([expect.stringMatching(/truncated/)]);
    expect(messages(await read(file('[{"a":1},{"a":')))).toEqual([expect.stringMatching(/truncated/)]);
    expect(messages(await read(file('{\n "a": 1\n}\n{\n "a": ')))).toEqual([expect.stringMatching(/truncated/)]);
  });

  it('reports invalid UTF-8 instead of replacing it', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"a":1}\n{"a":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n{"a":3}\n'),
    ]);
    const items = await read(file(bad));
    expect(values(items)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(messages(items)).toEqual([expect.stringContaining('not valid UTF-8')]);
    const badArray = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xc3]), Buffer.from('"}]')]);
    expect(messages(await read(file(badArray)))).toEqual([expect.stringContaining('UTF-8')]);
  });

  it('reports empty and blank files', async () => {
    expect(messages(await read(file('')))).toEqual(['the file is empty']);
    expect(messages(await read(file('\n\n  \n')))).toEqual(['the file holds only blank lines']);
  });

  it('reads gzip by magic bytes, whatever the name', async () => {
    const items = await read(file(gzipSync('{"a":1}\n{"a":2}\n'), 'plain-name.jsonl'));
    expect(values(items)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reports a truncated gzip stream', async () => {
    const gz = gzipSync('{"a":1}\n'.repeat(2000));
    const items = await read(file(gz.subarray(0, gz.length - 30)));
    expect(messages(items).some((m) => /reading stopped|truncated|not valid/.test(m))).toBe(true);
  });

  it('reads Python NaN/Infinity as named strings', async () => {
    expect(values(await read(file('{"r": NaN, "s": -Infinity, "t": "NaN text"}\n')))).toEqual([
      { r: 'NaN', s: '-Infinity', t: 'NaN text' },
    ]);
  });

  it('handles a 50 MB single line', async () => {
    const big = '{"text":"' + 'x'.repeat(50 * 1024 * 1024) + '"}\n{"a":2}\n';
    const items = await read(file(big));
    expect(items).toHaveLength(2);
    expect((values(items)[0] as { text: string }).text.length).toBe(50 * 1024 * 1024);
  });
});

describe('json-doc reader', () => {
  it('streams records and collects context', async () => {
    const p = file(JSON.stringify({ info: { x: 1 }, tasks: [1], simulations: [{ id: 'a' }, { id: 'b' }] }), 'doc.json');
    const doc: Record<string, unknown> = {};
    const items: ReadItem[] = [];
    for await (const it of readRecords(
      p,
      { kind: 'json-doc', records: ['$.simulations.*'], context: ['$.info', '$.tasks'] },
      { doc },
    ))
      items.push(it);
    expect(items).toEqual([
      { type: 'record', value: { id: 'a' }, record: 0, path: ['simulations', 0] },
      { type: 'record', value: { id: 'b' }, record: 1, path: ['simulations', 1] },
    ]);
    expect(doc).toEqual({ info: { x: 1 }, tasks: [1] });
  });

  it('reports a truncated document after the records it could read', async () => {
    const p = file('{"simulations": [{"id": "a"}, {"id": "b"', 'trunc.json');
    const items = await read(p, { kind: 'json-doc', records: ['$.simulations.*'] });
    expect(values(items)).toEqual([{ id: 'a' }]);
    expect(messages(items)).toEqual([expect.stringMatching(/truncated/)]);
  });
});

describe('csv reader', () => {
  it('reads rows with a header, quoted cells and a BOM', async () => {
    const p = file('\ufeffa,b\n1,"x, ""y"""\n2,\n', 'x.csv');
    expect(values(await read(p, { kind: 'csv' }))).toEqual([
      { a: '1', b: 'x, "y"' },
      { a: '2', b: '' },
    ]);
  });
  it('reports an unclosed quote', async () => {
    const items = await read(file('a,b\n1,"open\n', 'y.csv'), { kind: 'csv' });
    expect(messages(items)[0]).toMatch(/CSV reading stopped/);
  });
});

describe('parquet reader', () => {
  it('reports a file that is not parquet', async () => {
    const items = await read(file('PAR1 not really', 'bad.parquet'), { kind: 'parquet' });
    expect(messages(items)[0]).toMatch(/parquet reading stopped/);
  });
});
