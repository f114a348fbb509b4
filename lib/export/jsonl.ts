/**
 * JSONL writers built from a per-item line encoder (openai-chat, rollouts-jsonl, kto). An encoder is
 * a pure function of one item, so the same function serves two paths that write identical bytes:
 * - `jsonlWriter(encode)`: the plain streaming writer, one item at a time;
 * - `encodeBatch` + `writeEncodedBatches`: a large export encodes batches of items on worker
 *   threads (lib/jobs/export-workers.ts) and the writer only appends their bytes, in batch order.
 */
import { assertSplitName, drive } from './drive';
import type { ExportWriter } from './types';

/** One item as a line of `<split>.jsonl` (ending in "\n"), or the reason it is left out. */
export type EncodedLine = { split: string; line: string } | { skip: string };

export type LineEncoder<T, O> = (item: T, options: O) => EncodedLine;

/** A batch of items encoded into the bytes each split's file gets, in item order. */
export interface EncodedBatch {
  /** Items in the batch (written or skipped). */
  items: number;
  chunks: { split: string; rows: number; bytes: Uint8Array }[];
  skipped: Record<string, number>;
  /** Called with a chunk's bytes once they are hashed and written (so their memory can be reused). */
  release?: (bytes: Uint8Array) => void;
}

const fileOf = (split: string) => `${assertSplitName(split)}.jsonl`;

export function jsonlWriter<T, O>(encode: LineEncoder<T, O>): ExportWriter<T, O> {
  return (args) =>
    drive(args, async (item, { files, skip }) => {
      const out = encode(item, (args.options ?? {}) as O);
      if ('skip' in out) return skip.add(out.skip);
      const file = await files.get(fileOf(out.split), out.split);
      file.rows++;
      await file.write(out.line);
    });
}

const utf8 = new TextEncoder();

/** Encodes items into per-split bytes. Each chunk owns its ArrayBuffer, so it can be transferred. */
export function encodeBatch<T, O>(items: Iterable<T>, encode: LineEncoder<T, O>, options: O): EncodedBatch {
  const bySplit = new Map<string, { rows: number; lines: string[] }>();
  const skipped: Record<string, number> = {};
  let n = 0;
  for (const item of items) {
    n++;
    const out = encode(item, options);
    if ('skip' in out) {
      skipped[out.skip] = (skipped[out.skip] ?? 0) + 1;
      continue;
    }
    let acc = bySplit.get(out.split);
    if (!acc) bySplit.set(out.split, (acc = { rows: 0, lines: [] }));
    acc.rows++;
    acc.lines.push(out.line);
  }
  const chunks = [...bySplit].map(([split, acc]) => ({
    split,
    rows: acc.rows,
    bytes: utf8.encode(acc.lines.join('')),
  }));
  return { items: n, chunks, skipped };
}

/** Appends pre-encoded batches to the files `jsonlWriter` would make; progress counts items. */
export const writeEncodedBatches: ExportWriter<EncodedBatch> = (args) =>
  drive(
    args,
    async (batch, { files, skip }) => {
      for (const [reason, n] of Object.entries(batch.skipped)) skip.add(reason, n);
      for (const c of batch.chunks) {
        const file = await files.get(fileOf(c.split), c.split);
        file.rows += c.rows;
        const release = batch.release;
        await file.write(c.bytes, release && (() => release(c.bytes)));
      }
    },
    undefined,
    (batch) => batch.items,
  );
