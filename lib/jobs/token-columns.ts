/**
 * The columns of a finished token analysis (lib/token-report), stored as gzipped wire JSON beside
 * the database (`<data>/token-analyses/<jobId>.json.gz`): written once by the job, served as is to
 * the page, which recomputes every figure from it in the browser. Also read back by the server for
 * the zero-trained list at the page's settings.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { getEnv } from '../env';
import { fromTokenWire, toTokenWire, type TokenColumns, type TokenWire } from '../token-report';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const DIR = 'token-analyses';

/** The file lives in the data folder, outside the build: the hint keeps Next's tracer from tracing the project. */
function fileFor(jobId: string): { abs: string; rel: string } {
  const rel = path.join(DIR, `${jobId.replace(/[^a-zA-Z0-9-]/g, '')}.json.gz`);
  return { abs: path.join(/* turbopackIgnore: true */ getEnv().dataDir, rel), rel };
}

/** Writes the columns of job `jobId` (atomically: temp file, then rename); returns the relative path. */
export async function writeTokenColumns(jobId: string, columns: TokenColumns): Promise<string> {
  const { abs, rel } = fileFor(jobId);
  await fsp.mkdir(path.dirname(abs), { recursive: true });
  const bytes = await gzip(JSON.stringify(toTokenWire(columns)), { level: 6 });
  const tmp = `${abs}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, bytes);
  await fsp.rename(tmp, abs);
  return rel;
}

/** The gzipped wire bytes of job `jobId`, or null when there are none. */
export async function readTokenColumnsGzip(jobId: string): Promise<Buffer | null> {
  return fsp.readFile(/* turbopackIgnore: true */ fileFor(jobId).abs).catch(() => null);
}

export async function readTokenColumns(jobId: string): Promise<TokenColumns | null> {
  const gz = await readTokenColumnsGzip(jobId);
  if (!gz) return null;
  return fromTokenWire(JSON.parse((await gunzip(gz)).toString('utf8')) as TokenWire);
}

export function tokenColumnsExist(jobId: string): boolean {
  return fs.existsSync(/* turbopackIgnore: true */ fileFor(jobId).abs);
}
