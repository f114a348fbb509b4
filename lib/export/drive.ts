/**
 * The loop every writer shares: pull items, honour abort and progress, route records to per-split
 * files, and on success finish-then-publish every file; on any error discard them all.
 */
import { AtomicFile } from './atomic-file';
import type { BaseWriteOptions, ExportFile, ExportResult, WriteArgs } from './types';

/** Split names become file names, so they are held to a strict alphabet instead of sanitised. */
const SPLIT_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function assertSplitName(split: string): string {
  if (!SPLIT_RE.test(split))
    throw new Error(`invalid split name ${JSON.stringify(split)} (use letters, digits, _ or -)`);
  return split;
}

/** Conventional splits first, then the rest alphabetically: a stable order for multi-split documents. */
export function compareSplits(a: string, b: string): number {
  const rank = (s: string) => {
    const i = ['train', 'validation', 'val', 'dev', 'test'].indexOf(s);
    return i === -1 ? 99 : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export class FileSet {
  private readonly files = new Map<string, AtomicFile>();
  private readonly opening = new Map<string, Promise<AtomicFile>>();
  private readonly cleanups: (() => Promise<void>)[] = [];

  constructor(readonly dir: string) {}

  /** The file called `name`, created on first use. */
  async get(name: string, split?: string): Promise<AtomicFile> {
    const open = this.files.get(name);
    if (open) return open;
    let pending = this.opening.get(name);
    if (!pending) {
      pending = AtomicFile.create(this.dir, name, split).then((f) => {
        this.files.set(name, f);
        return f;
      });
      this.opening.set(name, pending);
    }
    return pending;
  }

  /** Extra work to undo on failure (e.g. scratch files a writer made itself). */
  onCleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  async commit(): Promise<ExportFile[]> {
    const all = [...this.files.values()];
    const done: ExportFile[] = [];
    for (const f of all) done.push(await f.finish());
    // Publish only once every file finished, so a late failure leaves only .partial files behind.
    for (const f of all) await f.publish();
    for (const fn of this.cleanups) await fn();
    return done.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.opening.values());
    for (const f of this.files.values()) await f.discard();
    for (const fn of this.cleanups) await fn().catch(() => undefined);
  }
}

export class SkipCounter {
  readonly counts: Record<string, number> = {};
  add(reason: string, n = 1): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }
}

export interface DriveContext {
  files: FileSet;
  skip: SkipCounter;
}

/**
 * Runs `handle` over every item, then `finish` (for writers that assemble or close files at the
 * end), then commits. Any throw discards all files and rethrows.
 */
export async function drive<T>(
  args: WriteArgs<T, unknown>,
  handle: (item: T, ctx: DriveContext) => Promise<void> | void,
  finish?: (ctx: DriveContext) => Promise<void>,
  /** How many source items one item stands for (a pre-encoded batch: its size). Default 1. */
  weigh?: (item: T) => number,
): Promise<ExportResult> {
  const opts: BaseWriteOptions = args.options ?? {};
  const every = Math.max(1, opts.progressEvery ?? 1000);
  const ctx: DriveContext = { files: new FileSet(args.dir), skip: new SkipCounter() };
  let n = 0;
  let nextReport = every;
  try {
    for await (const item of args.items) {
      opts.signal?.throwIfAborted();
      await handle(item, ctx);
      n += weigh ? weigh(item) : 1;
      if (opts.onProgress && n >= nextReport) {
        opts.onProgress(n);
        nextReport = n + every - (n % every);
      }
    }
    opts.signal?.throwIfAborted();
    if (finish) await finish(ctx);
    const files = await ctx.files.commit();
    opts.onProgress?.(n);
    return { files, counts: { items: n, written: files.reduce((s, f) => s + f.rows, 0), skipped: ctx.skip.counts } };
  } catch (err) {
    await ctx.files.abort();
    throw err;
  }
}
