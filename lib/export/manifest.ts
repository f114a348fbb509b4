/**
 * manifest.json, written beside an export's files. It records everything needed to re-run the
 * export (dataset, recipe, filters, seed, split rule, tokenizer) and what came out (counts, sizes,
 * sha256), so a re-run can be checked byte for byte. `createdAt` lives only here, never in data files.
 */
import { z } from 'zod';
import { AtomicFile } from './atomic-file';
import { EXPORT_FORMAT_IDS } from './formats';
import type { ExportResult } from './types';

const json: z.ZodType<unknown> = z.json();

export const manifestFileSchema = z.object({
  name: z.string().min(1),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  split: z.string().optional(),
});

export const manifestSchema = z.object({
  siftVersion: z.string(),
  createdAt: z.iso.datetime(),
  dataset: z.object({ id: z.string(), name: z.string() }),
  format: z.enum(EXPORT_FORMAT_IDS),
  /** The curation recipe as the UI/CLI holds it (JSON). */
  recipe: json,
  filters: json,
  seed: z.union([z.number(), z.string()]),
  /** How items were assigned to splits, e.g. { rule: 'hash(seed, id)', ratios: { train: 0.9, val: 0.1 } }. */
  split: z.object({ rule: z.string() }).catchall(json),
  tokenizer: z.object({ id: z.string(), templateHash: z.string() }).optional(),
  /**
   * The dataset's latest token analysis when the export was made, and whether it counted exactly
   * the conversations this export writes (same format and conversation options, system prompt kept):
   * only then do its max_length and token counts describe these files.
   */
  tokenAnalysis: z
    .object({
      jobId: z.string(),
      tokenizer: z.string(),
      templateHash: z.string(),
      /** The analysis' export shape (lib/token-report/shape.ts shapeKey). */
      shape: z.string(),
      /** This export's shape; null when the format has no per-rollout conversation to count. */
      exportShape: z.string().nullable(),
      removeSystemMessages: z.boolean(),
      matchesExport: z.boolean(),
      recommendedMaxLength: z.number().int().nonnegative(),
    })
    .optional(),
  /** Options given to the writer (JSON). */
  options: json.optional(),
  counts: z.object({
    items: z.number().int().nonnegative(),
    written: z.number().int().nonnegative(),
    skipped: z.record(z.string(), z.number().int().nonnegative()),
    perSplit: z.record(z.string(), z.number().int().nonnegative()),
    perFile: z.record(z.string(), z.number().int().nonnegative()),
  }),
  files: z.array(manifestFileSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;

export type ManifestInput = Omit<Manifest, 'counts' | 'files' | 'createdAt'> & { createdAt?: string };

/** The manifest for a finished export. `createdAt` defaults to now. */
export function buildManifest(input: ManifestInput, result: ExportResult): Manifest {
  const perSplit: Record<string, number> = {};
  const perFile: Record<string, number> = {};
  for (const f of result.files) {
    perFile[f.name] = f.rows;
    const splits = f.splitRows ?? (f.split !== undefined ? { [f.split]: f.rows } : {});
    for (const [s, n] of Object.entries(splits)) perSplit[s] = (perSplit[s] ?? 0) + n;
  }
  return manifestSchema.parse({
    ...input,
    createdAt: input.createdAt ?? new Date().toISOString(),
    counts: { ...result.counts, perSplit, perFile },
    files: result.files.map((f) =>
      f.split === undefined
        ? { name: f.name, rows: f.rows, bytes: f.bytes, sha256: f.sha256 }
        : { name: f.name, rows: f.rows, bytes: f.bytes, sha256: f.sha256, split: f.split },
    ),
  });
}

export const MANIFEST_NAME = 'manifest.json';

/** Validates and writes `<dir>/manifest.json` atomically (same temp-then-rename as data files). */
export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  const valid = manifestSchema.parse(manifest);
  const file = await AtomicFile.create(dir, MANIFEST_NAME);
  try {
    await file.write(JSON.stringify(valid, null, 2) + '\n');
    await file.finish();
    await file.publish();
    return file.path;
  } catch (err) {
    await file.discard();
    throw err;
  }
}

export function parseManifest(text: string): Manifest {
  return manifestSchema.parse(JSON.parse(text));
}

/** Re-hashes the files a manifest lists: what a re-run (or a copy) must match byte for byte. */
export async function verifyManifestFiles(
  dir: string,
  manifest: Manifest,
): Promise<{ name: string; ok: boolean; sha256: string | null }[]> {
  const { createHash } = await import('node:crypto');
  const { createReadStream } = await import('node:fs');
  const path = await import('node:path');
  const out: { name: string; ok: boolean; sha256: string | null }[] = [];
  for (const f of manifest.files) {
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path.join(dir, f.name))) hash.update(chunk as Buffer);
      const sha256 = hash.digest('hex');
      out.push({ name: f.name, ok: sha256 === f.sha256, sha256 });
    } catch {
      out.push({ name: f.name, ok: false, sha256: null });
    }
  }
  return out;
}
