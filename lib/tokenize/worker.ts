/**
 * Worker-thread entry: loads the tokenizer once, then analyses batches for as long as the pool
 * keeps it (its encode caches stay warm between analyses). Kept free of Next-only imports
 * (server-only, db) so it runs under plain Node + tsx. A failing rollout becomes an error result,
 * never a dead worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ToolSpec } from '../formats/types';
import { createAnalyzer, type Analyzer } from './analyze';
import { serializeError } from './errors';
import { conversationFor } from './export-shape';
import { loadTokenizer } from './registry';
import {
  ITEM_FAILED,
  ITEM_OK,
  ITEM_SKIPPED,
  type BatchResult,
  type FromWorker,
  type StoredRolloutText,
  type ToWorker,
} from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as import('./worker-protocol').WorkerInit;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let analyzer: Analyzer;
try {
  analyzer = createAnalyzer(await loadTokenizer(init.tokenizer, { chatTemplate: init.chatTemplate }));
  post({ type: 'ready', warnings: analyzer.warnings });
} catch (e) {
  post({ type: 'init-error', error: serializeError(e) });
  process.exit(0);
}

function parse<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  const v = JSON.parse(text) as unknown;
  return (v ?? fallback) as T;
}

// Rollouts of one dataset mostly share their tools: one parsed array per distinct text, so the
// render's memos (jinja.ts, export-shape.ts) serialise each tool set once.
const toolSets = new Map<string, ToolSpec[]>();
function tools(text: string | null): ToolSpec[] {
  if (!text) return [];
  let t = toolSets.get(text);
  if (!t) {
    if (toolSets.size >= 256) toolSets.clear();
    toolSets.set(text, (t = parse<ToolSpec[]>(text, [])));
  }
  return t;
}

function rollout(item: StoredRolloutText) {
  return {
    messages: parse(item.messages, []),
    tools: tools(item.tools),
    meta: parse<Record<string, unknown>>(item.meta, {}),
    promptLength: item.promptLength ?? undefined,
  };
}

port.on('message', (msg: ToWorker) => {
  const out: number[] = [];
  const result: Omit<BatchResult, 'data'> = {
    run: msg.run,
    batch: msg.batch,
    errors: [],
    warnings: [],
    noSysChecked: 0,
    noSysFailed: 0,
  };
  const before = { ...analyzer.noSysCheck };
  msg.items.forEach((item, index) => {
    try {
      const conversation = conversationFor(rollout(item), msg.spec);
      if (!conversation) {
        out.push(ITEM_SKIPPED, 0, 0, 0, 0, 0, 0, 0);
        return;
      }
      const s = analyzer.analyze(conversation);
      out.push(ITEM_OK, s.total, s.system, s.systemNoSys, s.assistant, s.completionStart, s.exact ? 1 : 0);
      out.push(s.spans.length);
      for (const [a, b] of s.spans) out.push(a, b);
      if (s.warnings) result.warnings.push({ index, warnings: s.warnings });
    } catch (e) {
      out.push(ITEM_FAILED, 0, 0, 0, 0, 0, 0, 0);
      result.errors.push({ index, error: serializeError(e) });
    }
  });
  result.noSysChecked = analyzer.noSysCheck.checked - before.checked;
  result.noSysFailed = analyzer.noSysCheck.failed - before.failed;
  const data = Int32Array.from(out);
  post({ type: 'result', ...result, data }, [data.buffer as ArrayBuffer]);
});
