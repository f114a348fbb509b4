/** Tool calls written as JSON text, and arguments text that is not what it should be. */
import { isRecord } from '../guards';
import type { IssueSink } from '../issues';
import { toToolCall } from '../tools';
import type { ToolCall } from '../types';
import { nextId, type ParseState } from './conversation';

/**
 * Reports arguments that are not JSON, or that are double-encoded (a JSON string whose value is JSON
 * text, as in the OpenAI cookbook's drone_training.jsonl). Either way the text is kept exactly as
 * written: ToolCall.arguments promises the source's text, and a model trained on the file saw that
 * text. Curation can flag these rollouts from the issue.
 */
export function checkArguments(args: unknown, path: string, sink: IssueSink): void {
  if (typeof args !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    sink.add(path, 'arguments is not valid JSON; kept as written');
    return;
  }
  if (typeof parsed === 'string') {
    const inner = parsed.trim();
    if (inner.startsWith('{') || inner.startsWith('[')) {
      try {
        JSON.parse(inner);
        sink.add(path, 'arguments is double-encoded (a JSON string whose value is JSON text); kept as written');
      } catch {
        // a plain string argument that merely starts with a brace: nothing to say
      }
    }
  }
}

/**
 * A `{"name", "arguments"}` JSON text (ShareGPT function_call values, LLaMA-Factory tool_call parts)
 * → ToolCalls. The value may also be a list of such objects (parallel calls). Undefined = unreadable.
 */
export function parseCallText(text: string, path: string, st: ParseState): ToolCall[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    st.sink.add(path, 'tool call is not valid JSON {"name", "arguments"}');
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const calls: ToolCall[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const call = toToolCall(item, '');
    const at = Array.isArray(parsed) ? `${path}[${i}]` : path;
    if (!call) {
      st.sink.add(at, 'tool call has no `name`');
      return undefined;
    }
    if (isRecord(item)) checkArguments(item.arguments, at, st.sink);
    if (call.id === '') call.id = nextId(st);
    calls.push(call);
  }
  return calls;
}
