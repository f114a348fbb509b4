/**
 * Configuration, parsed and validated once. Everything else reads `env` from here, never
 * process.env directly, so a bad value fails at start with a one-line reason.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors';

const schema = z.object({
  /** Project root: where prisma/migrations and the default data/ folder live. */
  SIFT_ROOT: z.string().min(1).optional(),
  /** Path of the SQLite database file. Default: <root>/data/sift.db */
  SIFT_DB: z.string().min(1).optional(),
  /** Where exports are written. Default: <dir of the database>/exports */
  SIFT_EXPORTS_DIR: z.string().min(1).optional(),
  /** Worker threads a large JSONL export encodes on. Default: one per core (at most 4); 1 turns them off. */
  SIFT_EXPORT_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** The address people open Sift at when it is served for a team, e.g. https://sift.example.lan. https makes the session cookie Secure. */
  SIFT_URL: z.url({ protocol: /^https?$/ }).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

export interface SiftEnv {
  root: string;
  dbPath: string;
  dataDir: string;
  exportsDir: string;
  uploadsDir: string;
  /** undefined: one per core. */
  exportWorkers: number | undefined;
  host: string;
  port: number;
  /** SIFT_URL without a trailing slash, when set. */
  publicUrl: string | undefined;
}

export function readEnv(source: Record<string, string | undefined> = process.env): SiftEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const name = first.path.join('.');
    throw new AppError('invalid_config', `Invalid environment: ${name}: ${first.message}`, { field: name });
  }
  const e = parsed.data;
  const root = path.resolve(/*turbopackIgnore: true*/ e.SIFT_ROOT ?? process.cwd());
  const dbPath = path.resolve(root, e.SIFT_DB ?? 'data/sift.db');
  const dataDir = path.dirname(dbPath);
  return {
    root,
    dbPath,
    dataDir,
    exportsDir: path.resolve(root, e.SIFT_EXPORTS_DIR ?? path.join(dataDir, 'exports')),
    uploadsDir: path.join(dataDir, 'uploads'),
    exportWorkers: e.SIFT_EXPORT_WORKERS,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.SIFT_URL?.replace(/\/+$/, ''),
  };
}

let cached: SiftEnv | undefined;

/** The process-wide configuration. Tests and the CLI may call `setEnv` before first use. */
export function getEnv(): SiftEnv {
  cached ??= readEnv();
  return cached;
}

export function setEnv(overrides: Record<string, string | undefined>): SiftEnv {
  cached = readEnv({ ...process.env, ...overrides });
  return cached;
}
