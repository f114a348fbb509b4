/**
 * Shared streaming readers. Each yields raw records (`{value, record, line?, path?}`) and
 * read-level issues in file order; none of them throws for bad content (an unreadable path does
 * reject, since there is nothing to report per record).
 */
import type { Layout } from '../types';
import { readCsv } from './csv';
import { readDir } from './dir';
import { readJsonDoc } from './json-doc';
import { readJsonValues } from './json-values';
import { readParquet } from './parquet';
import type { ReadItem, ReadOptions } from './types';

export type { RawRecord, ReadIssue, ReadItem, ReadOptions } from './types';
export { dirFormatRoot, listSimulationFiles } from './dir';
export { readHead, readBytes, isGzipFile } from './source';
export { sniffJson, topLevelKeys, type JsonContainer } from './sniff';
export { toPlain } from './parquet';

/**
 * Records of `path` laid out as `layout`. For `dir`, the context selectors of a json-doc layout
 * (if any were passed via `dirContext`) name what to collect from results.json.
 */
export function readRecords(
  path: string,
  layout: Layout,
  opts: ReadOptions = {},
  dirContext: string[] = [],
): AsyncGenerator<ReadItem> {
  switch (layout.kind) {
    case 'json-values':
      return readJsonValues(path, opts);
    case 'json-doc':
      return readJsonDoc(path, layout, opts);
    case 'parquet':
      return readParquet(path, opts);
    case 'csv':
      return readCsv(path, opts);
    case 'dir':
      return readDir(path, dirContext, opts);
  }
}

export { readJsonValues, readJsonDoc, readParquet, readCsv, readDir };
