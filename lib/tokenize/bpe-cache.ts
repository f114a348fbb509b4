/**
 * A BPE tokenizer's built tables (vocabulary map, id → token array, merge ranks) saved after the
 * first load, so every later worker start skips parsing tokenizer.json (11 MB for Qwen3) and
 * rebuilding 150k-entry maps from it: most of a worker's start-up, and each worker of each analysis
 * process pays it. The file holds the tokenizer.json skeleton (everything but the vocabulary and
 * merges) plus the tables as flat arrays; the Tokenizer is built from the skeleton and its model
 * gets the saved tables, which are the very maps the full build made (bpe-cache.test.ts compares).
 *
 * Keyed by the tokenizer files' sha256 (registry.ts' fingerprint) and the tokenizers library
 * version; written to a temporary name and renamed. Any problem reading it means a full load.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import { siftCacheDir } from './worker-bundle';

const FORMAT = 1;

interface BpeModel {
  tokens_to_ids: Map<string, number>;
  vocab: (string | undefined)[];
  bpe_ranks: Map<string, number>;
  unk_token?: string;
  unk_token_id?: number;
  config?: { type?: string };
}

interface Saved {
  format: number;
  library: string;
  skeleton: Record<string, unknown>;
  tokens: string[];
  ids: number[];
  /** id → token, with null where the vocabulary has no id. */
  vocab: (string | null)[];
  rankKeys: string[];
  ranks: number[];
}

let libraryVersion: string | undefined;
function library(): string {
  if (libraryVersion === undefined) {
    try {
      const req = createRequire(import.meta.url);
      const pkg = req.resolve(/* webpackIgnore: true */ '@huggingface/tokenizers/package.json');
      libraryVersion = String((req(pkg) as { version?: unknown }).version ?? '?');
    } catch {
      libraryVersion = '?';
    }
  }
  return libraryVersion;
}

function cacheFile(fingerprint: string): string | null {
  const dir = siftCacheDir(path.dirname(new URL(import.meta.url).pathname));
  return dir ? path.join(dir, `bpe-${fingerprint.slice(0, 24)}-${FORMAT}.json`) : null;
}

function bpeModel(t: Tokenizer): BpeModel | null {
  const m = (t as unknown as { model?: BpeModel }).model;
  return m && m.tokens_to_ids instanceof Map && m.bpe_ranks instanceof Map && Array.isArray(m.vocab) ? m : null;
}

/** Builds the tokenizer from the saved tables, or returns null when there are none for this fingerprint. */
export async function loadSavedBpe(
  TokenizerClass: new (json: object, config: object) => Tokenizer,
  fingerprint: string,
  config: Record<string, unknown>,
): Promise<Tokenizer | null> {
  const file = cacheFile(fingerprint);
  if (!file) return null;
  let saved: Saved;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Saved;
  } catch {
    return null;
  }
  if (saved.format !== FORMAT || saved.library !== library()) return null;
  const t = new TokenizerClass(saved.skeleton, config);
  const m = bpeModel(t);
  if (!m) return null;
  const toIds = new Map<string, number>();
  for (let i = 0; i < saved.tokens.length; i++) toIds.set(saved.tokens[i], saved.ids[i]);
  const ranks = new Map<string, number>();
  for (let i = 0; i < saved.rankKeys.length; i++) ranks.set(saved.rankKeys[i], saved.ranks[i]);
  m.tokens_to_ids = toIds;
  m.vocab = saved.vocab.map((v) => v ?? undefined);
  m.bpe_ranks = ranks;
  m.unk_token_id = m.unk_token === undefined ? undefined : toIds.get(m.unk_token);
  return t;
}

/** Saves a tokenizer built from tokenizer.json `json` (a BPE one; others are not saved). Never throws. */
export async function saveBpe(t: Tokenizer, json: Record<string, unknown>, fingerprint: string): Promise<void> {
  const file = cacheFile(fingerprint);
  const m = bpeModel(t);
  const model = json.model as { type?: unknown } | undefined;
  if (!file || !m || model?.type !== 'BPE') return;
  try {
    const saved: Saved = {
      format: FORMAT,
      library: library(),
      skeleton: { ...json, model: { ...model, vocab: {}, merges: [] } },
      tokens: [...m.tokens_to_ids.keys()],
      ids: [...m.tokens_to_ids.values()],
      vocab: Array.from({ length: m.vocab.length }, (_, i) => m.vocab[i] ?? null),
      rankKeys: [...m.bpe_ranks.keys()],
      ranks: [...m.bpe_ranks.values()],
    };
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(saved));
    await rename(tmp, file);
  } catch {
    // An optimisation only.
  }
}
