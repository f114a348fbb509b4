/**
 * A batch of a one-line-per-rollout export (openai-chat, rollouts-jsonl, kto), from rollout ids to
 * the bytes of each split's file. The same code runs on export worker threads
 * (export-workers.ts) and, for small exports or one core, on the export's own thread, so both
 * write the same bytes.
 *
 * openai-chat copies each line's bytes straight out of the stored JSON (lib/export/
 * openai-chat-stored.ts) and hands any rollout that path refuses to the general encoder, in place;
 * the other formats read full rollouts and use their line encoder.
 */
import { fromStoredRollout } from '../db/rollout-row';
import { readStoredBodies, readStoredRows, type ReadHandle } from '../db/stored-reads';
import { ByteSink } from '../export/byte-sink';
import { encodeBatch, type EncodedBatch } from '../export/jsonl';
import { lineEncoders, type LineEncoderOptions, type LineFormat } from '../export/line-encoders';
import { OpenAiChatStoredEncoder } from '../export/openai-chat-stored';
import type { LabelledItem } from '../export/types';

export type { LineFormat };

/** One batch: rollout ids in export order, the split of each, and (kto) each label, 1 = desirable. */
export interface EncodeTask {
  seq: number;
  ids: Int32Array;
  splits: string[];
  labels: Uint8Array | null;
}

/** Rollouts per batch: big enough to amortize a query and a message, small enough to keep memory flat. */
export const ENCODE_BATCH = 1000;

export interface BatchSource {
  /** Rollout ids in export order. */
  ids: Int32Array;
  /** Split name of item k. */
  splitOf(k: number): string;
  /** kto: 1 = desirable, parallel to ids. */
  labels: Uint8Array | null;
}

export const batchCount = (source: BatchSource) => Math.ceil(source.ids.length / ENCODE_BATCH);

/** The task of batch `seq`. */
export function encodeTask(source: BatchSource, seq: number): EncodeTask {
  const start = seq * ENCODE_BATCH;
  const end = Math.min(start + ENCODE_BATCH, source.ids.length);
  return {
    seq,
    ids: source.ids.slice(start, end),
    splits: Array.from({ length: end - start }, (_, k) => source.splitOf(start + k)),
    labels: source.labels ? source.labels.slice(start, end) : null,
  };
}

export class StoredBatchEncoder {
  private readonly openAiChat: OpenAiChatStoredEncoder | null;
  private bytesPerItem = 4096;

  constructor(
    private readonly db: ReadHandle,
    private readonly format: LineFormat,
    private readonly options: LineEncoderOptions,
    /** Memory to reuse for a batch's bytes, when the caller keeps some (worker threads do). */
    private readonly reuse: (bytes: number) => ArrayBuffer | undefined = () => undefined,
  ) {
    this.openAiChat = format === 'openai-chat' ? new OpenAiChatStoredEncoder(options) : null;
  }

  /** Reads the batch's rollouts through `db` and encodes them. */
  encode(task: EncodeTask): EncodedBatch {
    return this.openAiChat ? this.encodeOpenAiChat(task, this.openAiChat) : this.encodeParsed(task);
  }

  /** The batch as parsed rollouts with their splits and labels. */
  private items(task: EncodeTask): LabelledItem[] {
    return readStoredRows(this.db, task.ids).map((row, k) => ({
      rollout: fromStoredRollout(row),
      split: task.splits[k],
      label: task.labels ? task.labels[k] === 1 : true,
    }));
  }

  private encodeParsed(task: EncodeTask): EncodedBatch {
    return encodeBatch(this.items(task), lineEncoders[this.format], this.options);
  }

  private encodeOpenAiChat(task: EncodeTask, fast: OpenAiChatStoredEncoder): EncodedBatch {
    const bodies = readStoredBodies(this.db, task.ids);
    const sinks = new Map<string, { rows: number; sink: ByteSink }>();
    const skipped: Record<string, number> = {};
    let general: LabelledItem[] | null = null; // the batch as full rollouts, read on the first refusal
    let bytes = 0;
    for (let k = 0; k < bodies.length; k++) {
      const split = task.splits[k];
      let out = sinks.get(split);
      if (!out) {
        const size = this.bytesPerItem * (bodies.length - k) * 1.25;
        sinks.set(split, (out = { rows: 0, sink: new ByteSink(size, this.reuse(size)) }));
      }
      const result = fast.line(bodies[k], out.sink);
      let skip: string | null = result === 'skip' ? 'no-assistant-turn' : null;
      if (result === null) {
        general ??= this.items(task);
        const line = lineEncoders[this.format](general[k], this.options);
        if ('skip' in line) skip = line.skip;
        else out.sink.text(line.line);
      }
      if (skip !== null) skipped[skip] = (skipped[skip] ?? 0) + 1;
      else out.rows++;
    }
    const chunks = [...sinks].map(([split, { rows, sink }]) => {
      bytes += sink.length;
      return { split, rows, bytes: sink.take() };
    });
    if (bodies.length > 0) this.bytesPerItem = Math.max(256, Math.ceil(bytes / bodies.length));
    return { items: bodies.length, chunks: chunks.filter((c) => c.rows > 0), skipped };
  }
}

/** The batches of `source` encoded one after another on this thread (small exports, one core). */
export async function* encodeOnThisThread(
  db: ReadHandle,
  source: BatchSource,
  format: LineFormat,
  options: LineEncoderOptions,
): AsyncGenerator<EncodedBatch> {
  const encoder = new StoredBatchEncoder(db, format, options);
  for (let seq = 0; seq < batchCount(source); seq++) {
    yield encoder.encode(encodeTask(source, seq));
    // let progress writes and abort signals through between batches
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
