/**
 * A dataset for the export tests whose expected selections are computable by hand: NeMo-Gym lines
 * (imported through the real import core), `perPrompt` rollouts per task/prompt, reward
 * ((i * 7) % 10) / 10 so every prompt has a spread of rewards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '@/lib/jobs/import-file';

export const PER_PROMPT = 4;

export function rewardOf(i: number): number {
  return ((i * 7) % 10) / 10;
}

export function exportLine(i: number): string {
  const task = Math.floor(i / PER_PROMPT);
  const cid = `call_${i}`;
  return JSON.stringify({
    responses_create_params: {
      input: [
        { role: 'system', content: `You are a support agent. Task ${task}.` },
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
        { type: 'function_call_output', call_id: cid, output: JSON.stringify({ status: 'shipped', rollout: i }) },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: `Order #W${1000 + task} ships soon (rollout ${i}, ünïcode ✓).` }],
        },
      ],
    },
    reward: rewardOf(i),
    task_index: task,
  });
}

export function tmpDir(prefix = 'sift-export-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Imports `n` rollouts into a new dataset; returns its id. */
export async function makeDataset(name: string, n: number): Promise<number> {
  const dir = tmpDir();
  const file = path.join(dir, `${name}.jsonl`);
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => exportLine(i)).join('\n') + '\n');
  const out = await importFile({ path: file, datasetName: name });
  fs.rmSync(dir, { recursive: true, force: true });
  if (out.status !== 'imported') throw new Error('fixture import failed');
  return out.datasetId;
}

/**
 * seed_pipeline's same-prompt pairing, written independently of lib/curation: rows of a prompt
 * sorted by reward desc (stable), i-th best with i-th worst while i < len // 2, kept when
 * gap >= minGap. Returns pairs as [chosen i, rejected i].
 */
export function expectedSamePromptPairs(n: number, minGap: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += PER_PROMPT) {
    const group = Array.from({ length: Math.min(PER_PROMPT, n - start) }, (_, k) => start + k);
    const sorted = [...group].sort((a, b) => rewardOf(b) - rewardOf(a));
    for (let k = 0; k < Math.floor(sorted.length / 2); k++) {
      const c = sorted[k];
      const r = sorted[sorted.length - 1 - k];
      if (rewardOf(c) - rewardOf(r) >= minGap) out.push([c, r]);
    }
  }
  return out;
}
