/**
 * The `csv` reader: csv-parse streaming, columns from the header. Cells stay strings; modules parse
 * JSON / python-repr cells themselves (see loose-json.parseLooseJson).
 */
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { readBytes } from './source';
import { readIssue, type ReadItem, type ReadOptions } from './types';

export async function* readCsv(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const parser = parse({
    columns: true,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    delimiter: path.toLowerCase().endsWith('.tsv') ? '\t' : ',',
  });
  const input = Readable.from(readBytes(path, opts));
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let record = 0;
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a record's start is close enough for reports
      yield { type: 'record', value: row.record, record, line: row.info.lines };
      record++;
    }
  } catch (e) {
    yield readIssue(record, `CSV reading stopped after ${record} rows: ${(e as Error).message}`);
    return;
  }
  if (record === 0) yield readIssue(-1, 'the CSV file has no data rows');
}
