import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { DEFAULT_LABELS } from './labels';
import { assertValidReview, findReviewIssues, type ReviewContext } from './review-check';
import { asst, review, rollout, tool, toolSpec, user } from './test-helpers';
import type { RolloutAnnotation } from './types';

const r1 = rollout({
  messages: [user('hi'), asst(null, [['c1', 'lookup', '{"q":"x"}']]), tool('c1', 'ok'), asst('done')],
  tools: [toolSpec('lookup', { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] })],
});
const ctx: ReviewContext = {
  item: { id: 'i1', kind: 'rollout', rolloutId: 'r1' },
  labels: DEFAULT_LABELS,
  rollouts: new Map([['r1', r1]]),
};
const annotation = (a: Partial<RolloutAnnotation>): RolloutAnnotation => ({
  rolloutId: 'r1',
  firstBadStep: null,
  ratings: [],
  corrections: [],
  ...a,
});

describe('findReviewIssues', () => {
  it('accepts a complete, consistent review', () => {
    const ok = review({
      verdict: 'needs_fix',
      labels: ['wrong-tool'],
      annotations: [
        annotation({
          firstBadStep: { messageIndex: 1, reasonLabel: 'hallucinated-argument' },
          ratings: [{ messageIndex: 3, rating: 'good' }],
          corrections: [{ messageIndex: 1, toolCalls: [{ name: 'lookup', arguments: '{"q":"y"}' }] }],
        }),
      ],
    });
    expect(findReviewIssues(ok, ctx)).toEqual([]);
  });

  it('finds every problem with its path', () => {
    const bad = review({
      verdict: { kind: 'pair', value: 'tie' },
      labels: ['wrong-tool', 'nope', 'wrong-tool'],
      annotations: [
        annotation({
          firstBadStep: { messageIndex: 7, reasonLabel: 'bogus' },
          ratings: [
            { messageIndex: 2, rating: 'bad' },
            { messageIndex: 3, rating: 'good' },
            { messageIndex: 3, rating: 'bad' },
          ],
          corrections: [{ messageIndex: 1, toolCalls: [{ name: 'lookup', arguments: '{"q":1}' }] }],
        }),
        annotation({ rolloutId: 'r9' }),
      ],
    });
    expect(findReviewIssues(bad, ctx).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'verdict: a pair verdict on a rollout item',
      'labels[1]: no label nope in this label set',
      'labels[2]: label wrong-tool is given twice',
      'annotations[0].firstBadStep.reasonLabel: no label bogus in this label set',
      'annotations[0].firstBadStep.messageIndex: message 7: the rollout has 4 messages',
      'annotations[0].ratings[0]: message 2 is not an assistant turn',
      'annotations[0].ratings[2]: message 3 is rated twice',
      'annotations[0].corrections[0].toolCalls[0].arguments: message 1, tool call 0 (lookup): argument q: value type "number" is invalid. Expected "string".',
      'annotations[1].rolloutId: rollout r9 is not part of this item',
    ]);
  });

  it('checks that a group ranking names exactly the group', () => {
    const group: ReviewContext = { ...ctx, item: { id: 'g', kind: 'group', rolloutIds: ['a', 'b', 'c'] } };
    const issuesFor = (ranking: string[][]) =>
      findReviewIssues(review({ verdict: { kind: 'group', ranking } }), group).map((i) => i.message);
    expect(issuesFor([['a', 'b'], ['c']])).toEqual([]);
    expect(issuesFor([['a'], ['b']])).toEqual(['the ranking leaves out c']);
    expect(issuesFor([['a'], ['b', 'c', 'd']])).toEqual(['rollout d is not in this group']);
  });
});

describe('assertValidReview', () => {
  it('throws a validation AppError naming the first problem and the count', () => {
    try {
      assertValidReview(review({ verdict: 'accept', labels: ['x', 'y'] }), ctx);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e, 'validation')).toBe(true);
      expect((e as Error).message).toBe('labels[0]: no label x in this label set (and 1 more)');
    }
  });

  it('lets warnings through', () => {
    const noOp = review({
      verdict: 'accept',
      annotations: [annotation({ corrections: [{ messageIndex: 3, content: 'done' }] })],
    });
    expect(findReviewIssues(noOp, ctx).map((i) => i.level)).toEqual(['warning']);
    expect(() => assertValidReview(noOp, ctx)).not.toThrow();
  });
});
