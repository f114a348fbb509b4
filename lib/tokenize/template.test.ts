import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenizeError } from './errors';
import { loadTokenizer, type LoadedTokenizer } from './registry';
import { templateMessage } from './hf-messages';
import { checkTemplate, renderHf } from './template';
import { fixtureConversation, loadFixture } from './test-support';

let qwen: LoadedTokenizer;
let llama: LoadedTokenizer;
beforeAll(async () => {
  [qwen, llama] = await Promise.all([loadTokenizer('qwen3'), loadTokenizer('llama3')]);
});

function thrown(run: () => unknown): TokenizeError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizeError);
    return e as TokenizeError;
  }
  throw new Error('expected a throw');
}

describe('chat template rendering', () => {
  it('renders Qwen3 with the tool definitions and the tool-call arguments as the line writes them', () => {
    const c = fixtureConversation(loadFixture('weather-tools'));
    const text = renderHf(qwen, c.messages, c.tools);
    expect(text).toContain(
      '<tools>\n{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city."',
    );
    expect(text).toContain('"name": "get_forecast"');
    // arguments stay the JSON text the export writes; Qwen3's template prints strings verbatim.
    expect(text).toContain(
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "c"}}\n</tool_call>',
    );
    expect(text).toContain('{"name": "get_forecast", "arguments": {"city":"Paris","days":3}}');
    expect(text.startsWith('<|im_start|>system\nYou are a concise weather assistant.\n\n# Tools')).toBe(true);
  });

  it('keeps unparseable arguments verbatim, and null content as empty text', () => {
    const messages = [
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{not json' } }],
      },
    ].map(templateMessage);
    const text = renderHf(qwen, messages, null);
    expect(text).toContain('"arguments": {not json}');
    expect(text).toContain('<|im_start|>assistant\n<think>\n\n</think>\n\n<tool_call>');
  });

  it('uses a custom template instead of the tokenizer one, and hashes what it used', async () => {
    const custom = '{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}';
    const t = await loadTokenizer('qwen3', { chatTemplate: custom });
    expect(t.templateHash).toBe(createHash('sha256').update(custom).digest('hex'));
    expect(t.templateHash).not.toBe(qwen.templateHash);
    const text = renderHf(t, [{ role: 'user', content: 'hello' }], null);
    expect(text).toBe('[user] hello\n');
  });

  it('reports a template syntax error with its line', () => {
    const bad = '{% for m in messages %}\n{{ m.content }}\n{% endfr %}\n{% endfor %}';
    const e = thrown(() => checkTemplate({ ...qwen, template: bad }));
    expect(e.code).toBe('template_syntax');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3.*endfr/);
  });

  it('reports errors raised while rendering separately from syntax errors', () => {
    const e = thrown(() => checkTemplate({ ...qwen, template: "{{ raise_exception('roles must alternate') }}" }));
    expect(e.code).toBe('template_render');
    expect(e.message).toContain('roles must alternate');
  });

  it('warns when a template ignores tools', () => {
    expect(checkTemplate(qwen).warnings).toEqual([]);
    expect(checkTemplate(llama).warnings).toEqual(['template ignores tools']);
  });
});
