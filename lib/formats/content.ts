/** Message content and roles in the spellings sources use, mapped to the canonical model. */
import { asString, isRecord } from './guards';
import type { ContentPart, Role } from './types';

/**
 * Plain text of any content shape: string; null; list of parts ({type:'text', text},
 * {type:'output_text', text}, {type:'input_text', text}, LLaMA-Factory {type:'text', value});
 * a single part object. Non-text parts (images) contribute nothing.
 */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    let out = '';
    for (const part of content) out += textOf(part);
    return out;
  }
  if (isRecord(content)) {
    const type = content.type;
    if (type !== undefined && type !== 'text' && type !== 'output_text' && type !== 'input_text') return '';
    if (typeof content.text === 'string') return content.text;
    if (typeof content.value === 'string') return content.value;
  }
  return '';
}

/**
 * Canonical Message.content from a source content value: strings stay; null/undefined → null;
 * part lists keep text and image parts (as canonical parts) — a list of text-only parts collapses to
 * one string, since that is what every exporter wants.
 */
export function toContent(content: unknown): string | ContentPart[] | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return null;
  if (Array.isArray(content)) {
    const parts: ContentPart[] = [];
    let hasImage = false;
    for (const p of content) {
      if (isRecord(p) && (p.type === 'image_url' || p.type === 'input_image')) {
        const url = isRecord(p.image_url) ? asString(p.image_url.url) : asString(p.image_url);
        if (url !== undefined) {
          parts.push({ type: 'image_url', image_url: { url } });
          hasImage = true;
        }
        continue;
      }
      const text = textOf(p);
      if (text !== '' || (isRecord(p) && (p.type === 'text' || p.type === 'output_text')))
        parts.push({ type: 'text', text });
    }
    if (!hasImage) return parts.map((p) => (p as { text: string }).text).join('');
    return parts;
  }
  return textOf(content);
}

const ROLE_ALIASES: Record<string, Role> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  tool: 'tool',
  function: 'tool',
  observation: 'tool',
  ipython: 'tool',
};

/** Canonical role for common spellings (human/gpt/observation...), or undefined. */
export function normalizeRole(role: unknown): Role | undefined {
  if (typeof role !== 'string') return undefined;
  return ROLE_ALIASES[role.toLowerCase()];
}
