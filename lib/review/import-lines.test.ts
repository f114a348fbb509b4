import { describe, expect, it } from 'vitest';
import { parseImportText, resolveImportLines, type ImportLookups } from './import-lines';
import { DEFAULT_LABELS } from './labels';

const lookups: ImportLookups = {
  queueId: 'q1',
  rolloutByExternalId: new Map([
    ['sim-1', '11'],
    ['sim-2', '12'],
    ['sim-9', '19'],
  ]),
  itemByRollout: new Map([
    ['11', 'i1'],
    ['12', 'i2'],
  ]),
  userByName: new Map([
    ['ann', 'u1'],
    ['bob', 'u2'],
  ]),
  labels: DEFAULT_LABELS,
  messageCount: (id) => (id === '11' ? 8 : 20),
  now: '2026-03-01T12:00:00Z',
};

const text = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

describe('parseImportText', () => {
  it('reports each bad line with its number and path, and skips blank lines', () => {
    const { lines, issues } = parseImportText(
      text(
        { rollout: 'sim-1', reviewer: 'ann', verdict: 'accept' },
        '',
        '{not json',
        { rollout: 'sim-1', reviewer: 'ann', verdict: 'maybe', firstbadstep: 2 },
        { rollout: 'sim-2', reviewer: 'bob', verdict: 'reject', labels: ['x', 3] },
      ),
    );
    expect(lines.map((l) => l.line)).toEqual([1]);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [3, '$'],
      [4, '$.verdict'],
      [4, '$'],
      [5, '$.labels[1]'],
    ]);
    expect(issues[2].message).toContain('firstbadstep');
  });
});

describe('resolveImportLines', () => {
  it('maps external ids, users and labels (by id or name) into reviews', () => {
    const { lines } = parseImportText(
      text(
        {
          rollout: 'sim-1',
          reviewer: 'ann',
          verdict: 'reject',
          labels: ['Wrong tool', 'unsafe'],
          firstBadStep: 3,
          note: 'n',
        },
        { rollout: 'sim-2', reviewer: 'ann', verdict: 'accept', submittedAt: '2026-02-01T00:00:00Z', durationMs: 4000 },
      ),
    );
    const { reviews, issues } = resolveImportLines(lines, lookups);
    expect(issues).toEqual([]);
    expect(reviews[0]).toEqual({
      itemId: 'i1',
      queueId: 'q1',
      reviewer: 'u1',
      verdict: { kind: 'rollout', value: 'reject' },
      note: 'n',
      labels: ['wrong-tool', 'unsafe'],
      annotations: [
        { rolloutId: '11', firstBadStep: { messageIndex: 3, reasonLabel: null }, ratings: [], corrections: [] },
      ],
      submittedAt: '2026-03-01T12:00:00Z',
      durationMs: null,
    });
    expect(reviews[1]).toMatchObject({ annotations: [], submittedAt: '2026-02-01T00:00:00Z', durationMs: 4000 });
  });

  it('reports unknown rollouts, rollouts outside the queue, unknown users and labels, bad steps and repeats by line', () => {
    const { lines } = parseImportText(
      text(
        { rollout: 'sim-404', reviewer: 'ann', verdict: 'accept' },
        { rollout: 'sim-9', reviewer: 'ann', verdict: 'accept' },
        { rollout: 'sim-1', reviewer: 'zed', verdict: 'accept', labels: ['nope'] },
        { rollout: 'sim-1', reviewer: 'bob', verdict: 'reject', firstBadStep: 8 },
        { rollout: 'sim-2', reviewer: 'bob', verdict: 'reject' },
        { rollout: 'sim-2', reviewer: 'bob', verdict: 'accept' },
      ),
    );
    const { reviews, issues } = resolveImportLines(lines, lookups);
    expect(issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      '1 $.rollout: no rollout sim-404 in this dataset',
      '2 $.rollout: rollout sim-9 is not in this queue',
      '3 $.reviewer: no user zed',
      "3 $.labels[0]: no label nope in this queue's label set",
      '4 $.firstBadStep: message 8: rollout sim-1 has 8 messages',
      '6 $: bob already reviewed sim-2 on line 5',
    ]);
    expect(reviews).toHaveLength(1); // the caller writes nothing while there are issues
  });
});
