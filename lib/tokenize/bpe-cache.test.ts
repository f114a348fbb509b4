import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSavedBpe, saveBpe } from './bpe-cache';
import { describeTokenizer, resolveTokenizerDir } from './registry';
import { siftCacheDir } from './worker-bundle';

afterAll(() => {
  const dir = siftCacheDir(process.cwd())!;
  for (const f of readdirSync(dir)) if (f.startsWith('bpe-test')) rmSync(path.join(dir, f));
});

describe('saved BPE tables', () => {
  it.each(['qwen3', 'llama3'])(
    '%s: a tokenizer built from them has the very maps of a full build',
    async (id) => {
      const dir = resolveTokenizerDir(id);
      const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
      const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const full = new Tokenizer(json, config);
      // A fingerprint of its own, so the test writes and reads a file of its own.
      const fingerprint = `test${(await describeTokenizer(id)).fingerprint}`;
      await saveBpe(full, json, fingerprint);
      const fast = await loadSavedBpe(Tokenizer, fingerprint, config);
      expect(fast).not.toBeNull();
      type M = {
        tokens_to_ids: Map<string, number>;
        vocab: unknown[];
        bpe_ranks: Map<string, number>;
        unk_token_id?: number;
      };
      const [a, b] = [full, fast!].map((t) => (t as unknown as { model: M }).model);
      expect([...b.tokens_to_ids]).toEqual([...a.tokens_to_ids]);
      expect(b.vocab).toEqual(a.vocab);
      expect([...b.bpe_ranks]).toEqual([...a.bpe_ranks]);
      expect(b.unk_token_id).toBe(a.unk_token_id);
      const text = 'Héllo <|im_start|>wörld 12345 \n\n  tabs\tand émojis 👋🙂 <|eot_id|>';
      expect(fast!.encode(text, { add_special_tokens: false }).ids).toEqual(
        full.encode(text, { add_special_tokens: false }).ids,
      );
    },
    60_000,
  );

  it('is not used for another fingerprint', async () => {
    expect(await loadSavedBpe(Tokenizer, 'no-such-fingerprint', {})).toBeNull();
  });
});
