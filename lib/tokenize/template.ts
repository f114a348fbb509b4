/**
 * Chat-template rendering, exactly as a trainer does it:
 * apply_chat_template(messages, { tools, tokenize: false, add_generation_prompt: false }).
 * The template text is always passed explicitly (see template-source.ts) so that a custom
 * template overrides the tokenizer's and the recorded hash matches what rendered.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { Message, ToolSpec } from '../formats/types';
import { TokenizeError } from './errors';
import { isSystemLike, toHfMessage, toHfTools, type HfMessage } from './hf-messages';

export interface RenderOptions {
  /** Drop system/developer messages before rendering (the tools preamble may still render). */
  removeSystemMessages?: boolean;
}

type TemplateCache = { _compiled_template_cache?: Map<string, unknown> };

function isCompiled(tokenizer: PreTrainedTokenizer, template: string): boolean {
  // transformers.js caches a template only once it has parsed; absence after a throw means the
  // template never compiled, i.e. a syntax error rather than a failure while rendering.
  return (tokenizer as unknown as TemplateCache)._compiled_template_cache?.has(template) ?? true;
}

function rawRender(
  tokenizer: PreTrainedTokenizer,
  template: string,
  messages: HfMessage[],
  tools: ToolSpec[] | null,
  addGenerationPrompt = false,
): string {
  return tokenizer.apply_chat_template(messages as never, {
    chat_template: template,
    tools: tools as never,
    tokenize: false,
    add_generation_prompt: addGenerationPrompt,
  }) as unknown as string;
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

/** 1-based line of a syntax error: the shortest prefix of lines that fails with the same message. */
function findErrorLine(tokenizer: PreTrainedTokenizer, template: string, message: string): number | undefined {
  const lines = template.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const prefix = lines.slice(0, n).join('\n');
    try {
      rawRender(tokenizer, prefix, PROBE_MESSAGES, null);
    } catch (e) {
      if (!isCompiled(tokenizer, prefix) && (e as Error).message === message) return n;
    }
  }
  return undefined;
}

function templateError(tokenizer: PreTrainedTokenizer, template: string, e: unknown): TokenizeError {
  const message = e instanceof Error ? e.message : String(e);
  if (!isCompiled(tokenizer, template)) {
    const line = findErrorLine(tokenizer, template, message);
    const where = line === undefined ? '' : ` (line ${line})`;
    return new TokenizeError('template_syntax', `Chat template syntax error${where}: ${message}`, { line, cause: e });
  }
  return new TokenizeError('template_render', `Chat template failed while rendering: ${message}`, { cause: e });
}

export function toTemplateInput(messages: Message[], opts: RenderOptions = {}): Message[] {
  return opts.removeSystemMessages ? messages.filter((m) => !isSystemLike(m)) : messages;
}

/** Renders canonical messages; `messages` must already be filtered by toTemplateInput. */
export function renderMessages(
  tokenizer: PreTrainedTokenizer,
  template: string,
  messages: Message[],
  tools: ToolSpec[],
): string {
  try {
    return rawRender(tokenizer, template, messages.map(toHfMessage), toHfTools(tools));
  } catch (e) {
    throw templateError(tokenizer, template, e);
  }
}

/** Renders HF-shaped messages (used by the probes). */
export function renderHf(
  tokenizer: PreTrainedTokenizer,
  template: string,
  messages: HfMessage[],
  tools: ToolSpec[] | null,
  addGenerationPrompt = false,
): string {
  try {
    return rawRender(tokenizer, template, messages, tools, addGenerationPrompt);
  } catch (e) {
    throw templateError(tokenizer, template, e);
  }
}

export interface TemplateCheck {
  warnings: string[];
}

/**
 * Compiles and renders a probe conversation; throws TokenizeError on syntax or render errors.
 * Warns when the template drops tools: a model trained on such renders never sees its tools.
 */
export function checkTemplate(tokenizer: PreTrainedTokenizer, template: string): TemplateCheck {
  const withTools = renderHf(tokenizer, template, PROBE_MESSAGES, [PROBE_TOOL]);
  const withoutTools = renderHf(tokenizer, template, PROBE_MESSAGES, null);
  const warnings: string[] = [];
  if (withTools === withoutTools) warnings.push('template ignores tools');
  return { warnings };
}
