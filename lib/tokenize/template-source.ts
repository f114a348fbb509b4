/**
 * Which chat template text a render uses. We always pass this text explicitly to
 * apply_chat_template, so the hash we record is by construction the template actually used.
 */
import { TokenizeError } from './errors';

interface NamedTemplate {
  name: string;
  template: string;
}

/**
 * Custom template (like tau2's truncation_optimization.py --chat-template) wins over the tokenizer's.
 * A tokenizer config may hold a list of named templates; HF picks 'tool_use' when tools are passed.
 * Sift's rollouts are agent rollouts, so we take 'tool_use' when present, else 'default'.
 * `fallback` is a sibling chat_template.jinja (newer HF repos keep the template there).
 */
export function resolveTemplateText(
  config: Record<string, unknown>,
  custom: string | undefined,
  configFile: string,
  fallback?: string,
): string {
  if (custom !== undefined) {
    if (custom.trim() === '') throw new TokenizeError('no_chat_template', 'The custom chat template is empty');
    return custom;
  }
  const field = config.chat_template;
  if (typeof field === 'string' && field.trim() !== '') return field;
  if (Array.isArray(field)) {
    const named = field.filter(
      (t): t is NamedTemplate =>
        typeof t === 'object' && t !== null && typeof t.name === 'string' && typeof t.template === 'string',
    );
    const chosen = named.find((t) => t.name === 'tool_use') ?? named.find((t) => t.name === 'default');
    if (chosen) return chosen.template;
  }
  if (fallback !== undefined && fallback.trim() !== '') return fallback;
  throw new TokenizeError(
    'no_chat_template',
    `${configFile} has no chat_template (and there is no chat_template.jinja next to it); pass a custom template`,
    { file: configFile },
  );
}
