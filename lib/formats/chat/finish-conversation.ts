/** The last step of reading a conversation: one tool message per call, each paired with its call. */
import { asString, isRecord } from '../guards';
import type { IssueSink } from '../issues';
import { pairToolResults } from '../tools';
import type { Message } from '../types';
import { type Conversation, emptyConversation } from './conversation';

/**
 * LLaMA-Factory writes the results of N parallel calls as ONE tool turn whose text is a JSON list of
 * N results (`[{"name", "content"}, …]`). The canonical model wants one tool message per call, so
 * such a turn is split when the list length equals the number of calls; otherwise it is left whole
 * and pairs with the first call.
 */
function splitCombinedToolResults(conv: Conversation): Conversation {
  const out = emptyConversation();
  const { messages, paths } = conv;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const prev = messages[i - 1];
    const next = messages[i + 1];
    const n = prev?.tool_calls?.length ?? 0;
    if (
      m.role === 'tool' &&
      n > 1 &&
      next?.role !== 'tool' &&
      m.tool_call_id === undefined &&
      typeof m.content === 'string'
    ) {
      const items = parseJsonList(m.content);
      if (items && items.length === n) {
        items.forEach((item, k) => {
          const part: Message = { role: 'tool', content: resultText(item) };
          const name = isRecord(item) ? asString(item.name) : undefined;
          if (name !== undefined) part.name = name;
          out.messages.push(part);
          out.paths.push(`${paths[i]}[${k}]`);
        });
        continue;
      }
    }
    out.messages.push(m);
    out.paths.push(paths[i]);
  }
  return out;
}

function parseJsonList(text: string): unknown[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function resultText(item: unknown): string {
  if (isRecord(item) && 'content' in item) {
    return typeof item.content === 'string' ? item.content : JSON.stringify(item.content);
  }
  return typeof item === 'string' ? item : JSON.stringify(item);
}

/**
 * Splits combined tool results and pairs every tool message with its call (tools.pairToolResults),
 * reporting unpaired results at their source path.
 */
export function finishConversation(conv: Conversation, sink: IssueSink): Conversation {
  const done = splitCombinedToolResults(conv);
  const base = '$__messages';
  const remap: IssueSink = {
    ctx: sink.ctx,
    issues: sink.issues,
    add(path, message) {
      const m = /^\$__messages\[(\d+)\](.*)$/.exec(path);
      sink.add(m ? `${done.paths[Number(m[1])] ?? '$'}${m[2]}` : path, message);
    },
  };
  pairToolResults(done.messages, remap, base);
  return done;
}
