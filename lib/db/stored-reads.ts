/**
 * Stored rollouts read by id through a given better-sqlite3 handle, without Prisma: the main
 * process passes its raw handle (rollout-stream.ts), an export worker thread its own read
 * connection (reader.ts), so a worker never loads the Prisma client.
 *
 * Invariants: rows come back in the order of `ids`; an id with no rollout throws
 * MissingRolloutError (exports pair rows with splits by position).
 */
import type Database from 'better-sqlite3';
import { AppError, type ErrorDetails } from '../errors';
import type { StoredRollout } from './rollout-row';

/** A raw connection to read through (this process's getDb().raw, or a worker's openReader()). */
export type ReadHandle = Database.Database;

const COLUMNS = `r.id, r.externalId, r.taskId, r.trial, r.promptKey, r.reward, r.success, r.split, r.metrics,
  r.sourceFile, r.sourceRecord, r.sourceLine, r.contentHash, r.pairId, r.pairSide, r.promptLength, b.messages, b.tools, b.meta`;

// SQLite's default limit on bound parameters is 32766; chunks stay far below it.
export const MAX_CHUNK = 5000;

/** A requested rollout no longer exists (the dataset changed while streaming). */
export class MissingRolloutError extends AppError<'rollout_not_found', ErrorDetails & { rolloutId: number }> {
  readonly id: number;
  constructor(id: number) {
    super('rollout_not_found', `rollout ${id} no longer exists`, { rolloutId: id });
    this.name = 'MissingRolloutError';
    this.id = id;
  }
}

/** `select` run over `ids` a chunk at a time; rows keyed by the id `idOf` gives. */
function byId<R>(
  ids: ArrayLike<number>,
  run: (chunk: number[], placeholders: string) => R[],
  idOf: (row: R) => number,
): Map<number, R> {
  const out = new Map<number, R>();
  for (let start = 0; start < ids.length; start += MAX_CHUNK) {
    const chunk = Array.from({ length: Math.min(MAX_CHUNK, ids.length - start) }, (_, k) => ids[start + k]);
    for (const row of run(chunk, chunk.map(() => '?').join(','))) out.set(idOf(row), row);
  }
  return out;
}

function inOrder<R>(ids: ArrayLike<number>, rows: Map<number, R>): R[] {
  return Array.from({ length: ids.length }, (_, k) => {
    const row = rows.get(ids[k]);
    if (!row) throw new MissingRolloutError(ids[k]);
    return row;
  });
}

/** The stored rows of `ids` keyed by id (JSON columns still text); missing ids are simply absent. */
export function storedRowsById(db: ReadHandle, ids: ArrayLike<number>): Map<number, StoredRollout> {
  return byId(
    ids,
    (chunk, ph) =>
      db
        .prepare(
          `SELECT ${COLUMNS} FROM "Rollout" r LEFT JOIN "RolloutBody" b ON b.rolloutId = r.id WHERE r.id IN (${ph})`,
        )
        .all(...chunk) as StoredRollout[],
    (row) => row.id,
  );
}

/** The stored rows of `ids`, in that order. */
export function readStoredRows(db: ReadHandle, ids: ArrayLike<number>): StoredRollout[] {
  return inOrder(ids, storedRowsById(db, ids));
}

/** A rollout's body as stored: messages as their UTF-8 bytes (not decoded), tools and meta as text. */
export interface StoredBodyRow {
  id: number;
  messages: Buffer;
  tools: string;
  meta: string;
}

/**
 * The stored bodies of `ids`, in that order, for encoders that copy bytes instead of parsing
 * (lib/export/openai-chat-stored.ts). Only RolloutBody is read: every rollout has its body (both
 * are inserted in one transaction, and a body is deleted with its rollout), so a missing body is a
 * rollout deleted meanwhile.
 */
export function readStoredBodies(db: ReadHandle, ids: ArrayLike<number>): StoredBodyRow[] {
  const rows = byId(
    ids,
    (chunk, ph) =>
      db
        .prepare(`SELECT rolloutId, CAST(messages AS BLOB), tools, meta FROM "RolloutBody" WHERE rolloutId IN (${ph})`)
        .raw(true)
        .all(...chunk) as [number, Buffer, string, string][],
    (row) => row[0],
  );
  return inOrder(ids, rows).map(([id, messages, tools, meta]) => ({ id, messages, tools, meta }));
}
