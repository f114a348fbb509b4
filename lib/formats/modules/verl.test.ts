// verl-trajectories, verl-parquet and verl-csv share one test file: they share the row mapping.
import { describe, expect, it } from 'vitest';
import { parseFileAll } from '../parse-file';
import { fixture } from '../test-helpers';

describe('verl-trajectories', () => {
  it('maps messages_list and reads default=str numbers', async () => {
    const { rollouts, issues, summary } = await parseFileAll(fixture('verl-trajectories/raw_trajectories.json'));
    expect(summary).toMatchObject({ format: 'verl-trajectories', read: 3, rollouts: 2, skipped: 1 });
    expect(rollouts[0]).toMatchObject({
      taskId: 'mug-1',
      reward: 10,
      success: true,
      promptLength: 2,
      metrics: { episode_length: 1, success: 1 },
    });
    expect(rollouts[1]).toMatchObject({ reward: 0, success: false, metrics: { episode_length: 1, success: 0 } });
    expect(issues.map((i) => i.path)).toEqual(['$.final_reward', '$.messages_list']);
  });
});

describe('verl-parquet', () => {
  it('reads nested list<struct> prompt, structs and int64 index', async () => {
    const { rollouts, summary } = await parseFileAll(fixture('verl-parquet/verl-mini.parquet'));
    expect(summary).toMatchObject({ format: 'verl-parquet', read: 3, rollouts: 3, skipped: 0 });
    expect(rollouts[0]).toMatchObject({
      taskId: '0',
      split: 'test',
      reward: null,
      promptLength: 1,
      meta: { dataSource: 'openai/gsm8k', groundTruth: '5', ability: 'math' },
    });
    expect(rollouts[1].messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is 4*4?' },
      { role: 'assistant', content: '16' },
    ]);
    expect(rollouts[2]).toMatchObject({ reward: -0.5, taskId: '2', split: 'train' });
  });
});

describe('verl-csv', () => {
  it('parses JSON and python-repr cells and reports the broken ones', async () => {
    const { rollouts, issues, summary } = await parseFileAll(fixture('verl-csv/rows.csv'));
    expect(summary).toMatchObject({ format: 'verl-csv', read: 3, rollouts: 3 });
    expect(rollouts[0]).toMatchObject({
      taskId: '0',
      reward: 1,
      messages: [
        { role: 'user', content: 'What is 2+3?' },
        { role: 'assistant', content: '5' },
      ],
    });
    expect(rollouts[1]).toMatchObject({ taskId: '1', reward: null, promptLength: 2 });
    expect(rollouts[1].messages).toHaveLength(2);
    expect(issues.map((i) => [i.record, i.path])).toEqual([
      [2, '$.prompt'],
      [2, '$.reward'],
    ]);
  });
});
