/**
 * Synthetic NeMo-Gym rollouts.jsonl lines (the shape of ../shared/tools/gen-rollouts.py), written by
 * the import tests so they need neither Python nor large committed files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export function nemoLine(i: number, perPrompt = 4): string {
  const task = Math.floor(i / perPrompt);
  const cid = `call_${i}_0`;
  return JSON.stringify({
    responses_create_params: {
      input: [
        { role: 'system', content: `You are a support agent for task ${task}. ${'policy '.repeat(20)}` },
        { role: 'user', content: `Where is order #W${1000 + task}?` },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_order',
          description: 'Look up an order by id.',
          parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
        },
      ],
    },
    response: {
      output: [
        {
          type: 'function_call',
          call_id: cid,
          name: 'get_order',
          arguments: JSON.stringify({ order_id: `#W${1000 + task}` }),
        },
        {
          type: 'function_call_output',
          call_id: cid,
          output: JSON.stringify({ status: 'shipped', note: `rollout ${i} ${'detail '.repeat(40)}` }),
        },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: `Your order ships soon (rollout ${i}).` }],
        },
      ],
    },
    reward: i % 3 === 0 ? 1 : 0,
    accuracy: (i % 10) / 10,
    task_index: task,
  });
}

export function tmpDir(prefix = 'sift-import-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `lines` (strings) as a JSONL file; `gzip` compresses it. */
export function writeJsonl(dir: string, name: string, lines: string[], { gzip = false } = {}): string {
  const file = path.join(dir, name);
  const body = lines.join('\n') + '\n';
  fs.writeFileSync(file, gzip ? zlib.gzipSync(body) : body);
  return file;
}

export function nemoLines(n: number, start = 0): string[] {
  return Array.from({ length: n }, (_, i) => nemoLine(start + i));
}

/** Streams `n` lines to a file without holding them (large files for the atomicity test). */
export function writeLargeNemo(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  const chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    chunk.push(nemoLine(i));
    if (chunk.length === 1000) {
      fs.writeSync(fd, chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
  if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
  fs.closeSync(fd);
}
