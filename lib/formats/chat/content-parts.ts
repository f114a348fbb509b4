/** Content part lists of OpenAI messages and of LLaMA-Factory v1 typed parts. */
import { asString, isRecord, typeName } from '../guards';
import type { ContentPart, ToolCall } from '../types';
import type { ParseState } from './conversation';
import { parseCallText } from './tool-call-text';

/**
 * Content parts → text/image content, reasoning text and tool calls. Handles OpenAI parts
 * ({type:'text', text}, {type:'image_url', image_url:{url}}) and LLaMA-Factory v1 typed parts
 * ({type:'text'|'reasoning'|'tool_call', value}). Undefined = unreadable (record skipped).
 */
export function parseParts(
  parts: unknown[],
  path: string,
  st: ParseState,
): { content: string | ContentPart[] | null; reasoning?: string; calls: ToolCall[] } | undefined {
  const out: ContentPart[] = [];
  const reasoning: string[] = [];
  const calls: ToolCall[] = [];
  let hasText = false;
  let hasImage = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const at = `${path}[${i}]`;
    if (typeof p === 'string') {
      out.push({ type: 'text', text: p });
      hasText = true;
      continue;
    }
    if (!isRecord(p)) {
      st.sink.add(at, `content part is ${typeName(p)}, expected an object`);
      return undefined;
    }
    const text = asString(p.text) ?? asString(p.value);
    switch (p.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        if (text === undefined) {
          st.sink.add(at, 'text part has no string `text` or `value`');
          return undefined;
        }
        out.push({ type: 'text', text });
        hasText = true;
        break;
      case 'reasoning':
      case 'thinking':
        if (text !== undefined) reasoning.push(text);
        break;
      case 'tool_call': {
        if (text === undefined) {
          st.sink.add(at, 'tool_call part has no string `value`');
          return undefined;
        }
        const parsed = parseCallText(text, `${at}.value`, st);
        if (!parsed) return undefined;
        calls.push(...parsed);
        break;
      }
      case 'image_url':
      case 'input_image': // the Responses API's spelling, seen in chat logs written from it
      case 'image': {
        const url = isRecord(p.image_url) ? asString(p.image_url.url) : (asString(p.image_url) ?? asString(p.value));
        if (url === undefined) st.sink.add(at, 'image part without a url; dropped');
        else {
          out.push({ type: 'image_url', image_url: { url } });
          hasImage = true;
        }
        break;
      }
      default:
        st.sink.add(at, `content part of type ${JSON.stringify(p.type)} is not supported; dropped`);
    }
  }
  // Text-only part lists collapse to one string, as content.toContent does, so every format stores
  // the same content for the same text.
  let content: string | ContentPart[] | null;
  if (hasImage) content = out;
  else if (hasText) content = out.map((p) => (p.type === 'text' ? p.text : '')).join('');
  else content = null;
  return { content, reasoning: reasoning.length > 0 ? reasoning.join('\n') : undefined, calls };
}
