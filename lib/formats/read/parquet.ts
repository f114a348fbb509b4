/**
 * The `parquet` reader: hyparquet + hyparquet-compressors (pyarrow writes SNAPPY/ZSTD), one row
 * group at a time so memory is bounded by the largest row group, not the file. Rows are made
 * JSON-safe: int64 BigInt → number when safe (else a decimal string), bytes → base64, Date → ISO.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { stat } from 'node:fs/promises';
import { bigintToNumber } from '../numbers';
import { readIssue, type ReadItem, type ReadOptions } from './types';

export async function* readParquet(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  let record = 0;
  try {
    const total = (await stat(path)).size;
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const objects = await parquetReadObjects({ file, metadata, compressors, rowStart, rowEnd: rowStart + rows });
      for (const row of objects) {
        yield { type: 'record', value: toPlain(row), record };
        record++;
      }
      rowStart += rows;
      const done = metadata.row_groups.indexOf(group) + 1;
      opts.onProgress?.(Math.round((total * done) / metadata.row_groups.length), total);
    }
  } catch (e) {
    yield readIssue(
      record === 0 ? -1 : record,
      `parquet reading stopped after ${record} rows: ${(e as Error).message}`,
    );
    return;
  }
  if (record === 0) yield readIssue(-1, 'the parquet file has no rows');
}

/** Parquet values → JSON-safe values (see module comment). */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return bigintToNumber(value) ?? value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, toPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out;
}
