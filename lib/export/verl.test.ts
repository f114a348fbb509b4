import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { rollout, toolRollout } from '../../test/fixtures/export/rollouts';
import { readLines, tmpDir } from '../../test/fixtures/export/tmp';
import { writeVerlRlParquet } from './verl-rl';
import { writeVerlSftCsv, writeVerlSftParquet } from './verl-sft';

const GSM8K = path.resolve(import.meta.dirname, '../../../shared/fixtures/real/verl-rl/verl_gsm8k-plain_test.parquet');

/** A schema node as a type string: 'string', 'int64', 'list<struct{content:string,role:string}>'. */
function kind(node: SchemaTree): string {
  const e = node.element;
  if (e.converted_type === 'LIST') return `list<${kind(node.children[0].children[0])}>`;
  if (node.children.length > 0) return `struct{${node.children.map((c) => `${c.element.name}:${kind(c)}`).join(',')}}`;
  if (e.type === 'BYTE_ARRAY' && e.converted_type === 'UTF8') return 'string';
  return String(e.type).toLowerCase();
}

async function read(file: string) {
  const buf = await asyncBufferFromFile(file);
  const md = await parquetMetadataAsync(buf);
  const columns = Object.fromEntries(parquetSchema(md).children.map((c) => [c.element.name, kind(c)]));
  const rows = await parquetReadObjects({ file: buf, compressors });
  return { columns, rows };
}

describe('verl-rl-parquet', () => {
  it('writes one row per distinct prompt with nested list/struct columns', async () => {
    const dir = await tmpDir();
    const a = toolRollout({ promptKey: 'p1', taskId: 't1', meta: { expected_answer: '42' } });
    const b = toolRollout({ promptKey: 'p1', taskId: 't1' });
    const c = toolRollout({ promptKey: 'p2', taskId: 't2' });
    const result = await writeVerlRlParquet({
      items: [
        { rollout: a, split: 'train' },
        { rollout: b, split: 'train' },
        { rollout: c, split: 'val' },
      ],
      dir,
      options: { dataSource: 'tau2/airline' },
    });
    expect(result.counts.skipped).toEqual({ 'duplicate-prompt': 1 });
    expect(result.files.map((f) => [f.name, f.rows])).toEqual([
      ['train.parquet', 1],
      ['val.parquet', 1],
    ]);
    const { columns, rows } = await read(path.join(dir, 'train.parquet'));
    expect(columns).toEqual({
      data_source: 'string',
      prompt: 'list<struct{content:string,role:string}>',
      ability: 'string',
      reward_model: 'struct{ground_truth:string,style:string}',
      extra_info: 'struct{index:int64,split:string,task_id:string,prompt_key:string}',
    });
    expect(rows).toEqual([
      {
        data_source: 'tau2/airline',
        prompt: [
          { content: 'You are a support agent.', role: 'system' },
          { content: 'Where is order #W1?', role: 'user' },
        ],
        ability: 'agent',
        reward_model: { ground_truth: '42', style: 'rule' },
        extra_info: { index: 0n, split: 'train', task_id: 't1', prompt_key: 'p1' },
      },
    ]);
  });

  it.skipIf(!existsSync(GSM8K))('uses the same column kinds as verl’s own gsm8k parquet', async () => {
    const dir = await tmpDir();
    await writeVerlRlParquet({ items: [{ rollout: toolRollout(), split: 'test' }], dir });
    const ours = (await read(path.join(dir, 'test.parquet'))).columns;
    const theirs = (await read(GSM8K)).columns;
    for (const col of ['data_source', 'prompt', 'ability', 'reward_model']) expect(ours[col]).toBe(theirs[col]);
    // extra_info fields differ per dataset; the shared ones must match.
    expect(theirs.extra_info).toContain('index:int64');
    expect(theirs.extra_info).toContain('split:string');
    expect(ours.extra_info).toMatch(/^struct\{index:int64,split:string,/);
  });
});

describe('verl-sft', () => {
  it('multi-turn: a messages list with structured tool calls', async () => {
    const dir = await tmpDir();
    await writeVerlSftParquet({ items: [{ rollout: toolRollout({ externalId: 'r-a' }), split: 'train' }], dir });
    const { columns, rows } = await read(path.join(dir, 'train.parquet'));
    expect(columns.messages).toBe(
      'list<struct{role:string,content:string,tool_calls:list<struct{id:string,type:string,function:struct{name:string,arguments:string}}>,tool_call_id:string,name:string}>',
    );
    expect(columns.extra_info).toBe(
      'struct{index:int64,split:string,task_id:string,rollout_id:string,reward:double,success:boolean}',
    );
    const msgs = rows[0].messages as Record<string, unknown>[];
    expect(msgs[2]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_order', arguments: '{"order_id":"#W1"}' } },
      ],
      tool_call_id: null,
      name: null,
    });
    expect(msgs[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_1', name: 'get_order' });
    // hyparquet reads a null list as undefined; either way it is not a list.
    expect(msgs[3].tool_calls ?? null).toBeNull();
    expect(JSON.parse(rows[0].tools_json as string)[0].function.name).toBe('get_order');
    expect(rows[0].extra_info).toEqual({
      index: 0n,
      split: 'train',
      task_id: 't1',
      rollout_id: 'r-a',
      reward: 1,
      success: true,
    });
  });

  it('single-turn: prompt_data/response_data per assistant turn', async () => {
    const dir = await tmpDir();
    const greeting = rollout([
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a1', weight: 0 },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
    ]);
    const result = await writeVerlSftParquet({
      items: [
        { rollout: toolRollout(), split: 'train' },
        { rollout: greeting, split: 'train' },
      ],
      dir,
      options: { mode: 'single-turn' },
    });
    expect(result.counts.skipped).toEqual({ 'turn-without-input': 1, 'zero-weight-turn': 1 });
    const { columns, rows } = await read(path.join(dir, 'train.parquet'));
    expect(columns.prompt_data).toBe('struct{content:string}');
    expect(columns.response_data).toBe('struct{content:string}');
    expect(
      rows.map((r) => [
        (r.prompt_data as { content: string }).content,
        (r.response_data as { content: string }).content,
      ]),
    ).toEqual([
      ['Where is order #W1?', '<tool_call>\n{"name":"get_order","arguments":{"order_id":"#W1"}}\n</tool_call>'],
      ['{"status":"shipped"}', 'Order #W1 has shipped.'],
      ['q2', 'a2'],
    ]);
    expect(rows.map((r) => (r.extra_info as { index: bigint }).index)).toEqual([0n, 1n, 2n]);
    expect((rows[1].prompt as unknown[]).length).toBe(4);
  });

  it('CSV carries the same rows with nested cells as JSON text', async () => {
    const dir = await tmpDir();
    await writeVerlSftCsv({ items: [{ rollout: toolRollout({ externalId: 'r-b' }), split: 'val' }], dir });
    const lines = await readLines(dir, 'val.csv');
    expect(lines[0]).toBe('data_source,messages,tools_json,ability,reward_model,extra_info');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      '"{""index"":0,""split"":""val"",""task_id"":""t1"",""rollout_id"":""r-b"",""reward"":1,""success"":true}"',
    );
  });

  it('writes identical parquet bytes twice', async () => {
    const items = [toolRollout(), toolRollout({ promptKey: 'other' })].map((r) => ({ rollout: r, split: 'train' }));
    const a = await writeVerlSftParquet({ items, dir: await tmpDir() });
    const b = await writeVerlSftParquet({ items, dir: await tmpDir() });
    expect(b.files[0].sha256).toBe(a.files[0].sha256);
  });
});
