import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadJinja, loadUnpatchedJinja, rewriteClassFields } from './jinja';
import { templateMessage } from './hf-messages';
import { loadTokenizer } from './registry';
import { fixtureConversation, loadFixtures } from './test-support';

const SFT = '/work/shared/fixtures/real/openai-chat-ft/tau2_sft-v1-small_train.jsonl';

describe('@huggingface/jinja without its class-field slow path', () => {
  it('applies to the installed build', () => {
    expect(loadJinja().patched).toBe(true);
    const { typeFields, bareFields } = rewriteClassFields('class A {\n  type = "A";\n  value;\n}\n');
    expect([typeFields, bareFields]).toEqual([1, 1]);
  });

  it('renders exactly what the package as published renders', async () => {
    const conversations = loadFixtures().map((f) => fixtureConversation(f));
    if (existsSync(SFT)) {
      for (const line of readFileSync(SFT, 'utf8').split('\n').filter(Boolean).slice(0, 8)) {
        const row = JSON.parse(line) as { messages: { role: string }[]; tools?: unknown[] };
        conversations.push({ messages: row.messages.map(templateMessage), tools: row.tools ?? null } as never);
      }
    }
    const Patched = loadJinja().jinja.Template;
    const Published = loadUnpatchedJinja().Template;
    for (const id of ['qwen3', 'llama3']) {
      const t = await loadTokenizer(id);
      const [a, b] = [new Patched(t.template), new Published(t.template)];
      for (const c of conversations) {
        const ctx = { messages: c.messages, tools: c.tools, add_generation_prompt: false, bos_token: '<s>' };
        expect(a.render(ctx)).toBe(b.render(ctx));
      }
    }
    // Errors and filters behave the same too.
    const tricky =
      "{{ [1, 2.5, 'x', none, true] | tojson }}{{ {'a': {'b': [1]}} | tojson(indent=2) }}{{ 'Ab'.lower() }}";
    expect(new Patched(tricky).render({})).toBe(new Published(tricky).render({}));
    expect(() => new Patched('{{ raise_exception("no") }}').render({})).toThrow('no');
  });
});
