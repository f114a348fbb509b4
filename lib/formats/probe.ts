/**
 * Builds the `Probe` that format modules detect from: the head of the (decompressed) file, up to 5
 * sample records, the container kind and, for JSON objects, the top-level keys.
 */
import { readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { dirFormatRoot, listSimulationFiles } from './read/dir';
import { readHead, readFirstBytes } from './read/source';
import { sniffJson, topLevelKeys } from './read/sniff';
import { toPlain } from './read/parquet';
import type { Probe } from './types';

export const PROBE_HEAD_BYTES = 256 * 1024;
const MAX_SAMPLES = 5;
/** Simulation files bigger than this are not parsed for the probe (detection needs only keys). */
const MAX_SAMPLE_FILE = 8 * 1024 * 1024;

export async function buildProbe(path: string, fileName = nodePath.basename(path)): Promise<Probe> {
  const root = await dirFormatRoot(path);
  if (root !== null) return probeDir(root, fileName);

  const magic = await readFirstBytes(path, 4);
  if (magic.toString('latin1') === 'PAR1') return probeParquet(path, fileName);

  const { bytes, complete } = await readHead(path, PROBE_HEAD_BYTES);
  const head = bytes.toString('utf8');
  const json = sniffJson(head, complete, MAX_SAMPLES);
  if (json.container !== 'unknown') {
    return {
      fileName,
      head,
      samples: json.samples,
      container: json.container,
      ...(json.topKeys ? { topKeys: json.topKeys } : {}),
    };
  }
  if (looksLikeCsv(fileName, head))
    return { fileName, head, samples: csvSamples(head, complete, fileName), container: 'csv' };
  return { fileName, head, samples: [], container: 'unknown' };
}

async function probeDir(root: string, fileName: string): Promise<Probe> {
  const results = nodePath.join(root, 'results.json');
  const { bytes } = await readHead(results, PROBE_HEAD_BYTES).catch(() => ({ bytes: Buffer.alloc(0) }));
  const head = bytes.toString('utf8');
  const samples: unknown[] = [];
  for (const f of (await listSimulationFiles(root)).slice(0, MAX_SAMPLES)) {
    const p = nodePath.join(root, 'simulations', f);
    try {
      if ((await stat(p)).size <= MAX_SAMPLE_FILE) samples.push(JSON.parse(await readFile(p, 'utf8')));
    } catch {
      // a bad simulation file is reported when it is read
    }
  }
  return { fileName, head, samples, container: 'dir', topKeys: topLevelKeys(head) };
}

async function probeParquet(path: string, fileName: string): Promise<Probe> {
  try {
    const file = await asyncBufferFromFile(path);
    const rows = await parquetReadObjects({ file, compressors, rowStart: 0, rowEnd: MAX_SAMPLES });
    const samples = rows.map(toPlain);
    return { fileName, head: '', samples, container: 'parquet' };
  } catch {
    return { fileName, head: '', samples: [], container: 'parquet' };
  }
}

function looksLikeCsv(fileName: string, head: string): boolean {
  const lower = fileName.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return true;
  const firstLine = head.split('\n', 1)[0] ?? '';
  // a header line of plain column names separated by commas
  return /^\ufeff?"?[A-Za-z_][\w .-]*"?(,"?[A-Za-z_][\w .-]*"?)+\r?$/.test(firstLine);
}

function csvSamples(head: string, complete: boolean, fileName: string): unknown[] {
  const text = complete ? head : head.slice(0, head.lastIndexOf('\n') + 1);
  try {
    const rows = parseCsvSync(text, {
      columns: true,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: MAX_SAMPLES,
      delimiter: fileName.toLowerCase().endsWith('.tsv') ? '\t' : ',',
    }) as unknown[];
    return rows.slice(0, MAX_SAMPLES);
  } catch {
    return [];
  }
}
