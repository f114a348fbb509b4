/**
 * Chat-template rendering, exactly as a trainer does it:
 * apply_chat_template(messages, { tools, tokenize: false, add_generation_prompt: false }), with the
 * same context transformers.js (and Python transformers) give the template: messages, tools,
 * add_generation_prompt, documents and the special tokens of tokenizer_config.json. The template
 * text is always passed explicitly (see template-source.ts) so that a custom template overrides the
 * tokenizer's and the recorded hash matches what rendered. The engine is @huggingface/jinja (jinja.ts).
 */
import type { ToolSpec } from '../formats/types';
import { TokenizeError } from './errors';
import type { HfMessage } from './hf-messages';
import { loadJinja, type JinjaTemplate } from './jinja';

/** What a render needs besides the messages: the template and the tokenizer's special tokens. */
export interface TemplateSource {
  template: string;
  config: Record<string, unknown>;
}

/** transformers.js' SPECIAL_TOKEN_ATTRIBUTES, read from the config as it reads them. */
const SPECIAL_TOKEN_ATTRIBUTES = [
  'bos_token',
  'eos_token',
  'unk_token',
  'sep_token',
  'pad_token',
  'cls_token',
  'mask_token',
] as const;

function tokenFromConfig(config: Record<string, unknown>, key: string): string | null {
  if (!Object.hasOwn(config, key)) return null;
  const item = config[key];
  if (!item) return null;
  if (typeof item === 'object') {
    const t = item as { __type?: unknown; content?: unknown };
    return t.__type === 'AddedToken' && typeof t.content === 'string' ? t.content : null;
  }
  return typeof item === 'string' ? item : null;
}

const specialTokens = new WeakMap<Record<string, unknown>, Record<string, string>>();

function specialTokenMap(config: Record<string, unknown>): Record<string, string> {
  let map = specialTokens.get(config);
  if (!map) {
    map = {};
    for (const key of SPECIAL_TOKEN_ATTRIBUTES) {
      const value = tokenFromConfig(config, key);
      if (value) map[key] = value;
    }
    specialTokens.set(config, map);
  }
  return map;
}

// Compiled templates by text; a failed compile is remembered as its error.
const compiled = new Map<string, JinjaTemplate | Error>();

function compile(template: string): JinjaTemplate | Error {
  let t = compiled.get(template);
  if (!t) {
    try {
      t = new (loadJinja().jinja.Template)(template);
    } catch (e) {
      t = e instanceof Error ? e : new Error(String(e));
    }
    if (compiled.size > 64) compiled.delete(compiled.keys().next().value!);
    compiled.set(template, t);
  }
  return t;
}

function rawRender(
  source: TemplateSource,
  messages: HfMessage[],
  tools: unknown[] | null,
  addGenerationPrompt = false,
): string {
  const t = compile(source.template);
  if (t instanceof Error) throw t;
  return t.render({
    messages,
    add_generation_prompt: addGenerationPrompt,
    tools,
    documents: null,
    ...specialTokenMap(source.config),
  });
}

export const PROBE_TOOL: ToolSpec = {
  type: 'function',
  function: {
    name: 'sift_probe_tool',
    description: 'Probe tool used to check that the template renders tools.',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
};

const PROBE_MESSAGES: HfMessage[] = [
  { role: 'system', content: 'Probe system.' },
  { role: 'user', content: 'Probe question.' },
  { role: 'assistant', content: 'Probe answer.' },
];

/** 1-based line of a syntax error: the shortest prefix of lines that fails to compile with the same message. */
function findErrorLine(template: string, message: string): number | undefined {
  const lines = template.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const t = compile(lines.slice(0, n).join('\n'));
    if (t instanceof Error && t.message === message) return n;
  }
  return undefined;
}

function templateError(template: string, e: unknown): TokenizeError {
  const message = e instanceof Error ? e.message : String(e);
  if (compile(template) instanceof Error) {
    const line = findErrorLine(template, message);
    const where = line === undefined ? '' : ` (line ${line})`;
    return new TokenizeError('template_syntax', `Chat template syntax error${where}: ${message}`, { line, cause: e });
  }
  return new TokenizeError('template_render', `Chat template failed while rendering: ${message}`, { cause: e });
}

/** Renders messages already in template shape (hf-messages.ts); `tools` null when there are none. */
export function renderHf(
  source: TemplateSource,
  messages: HfMessage[],
  tools: unknown[] | null,
  addGenerationPrompt = false,
): string {
  try {
    return rawRender(source, messages, tools, addGenerationPrompt);
  } catch (e) {
    throw templateError(source.template, e);
  }
}

export interface TemplateCheck {
  warnings: string[];
}

/**
 * Compiles and renders a probe conversation; throws TokenizeError on syntax or render errors.
 * Warns when the template drops tools: a model trained on such renders never sees its tools.
 */
export function checkTemplate(source: TemplateSource): TemplateCheck {
  const withTools = renderHf(source, PROBE_MESSAGES, [PROBE_TOOL]);
  const withoutTools = renderHf(source, PROBE_MESSAGES, null);
  const warnings: string[] = [];
  if (withTools === withoutTools) warnings.push('template ignores tools');
  return { warnings };
}
