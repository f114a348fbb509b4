import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS, findLabel, labelIdFromName, labelSetSchema } from './labels';
import { correctionSchema, reviewInputSchema, reviewSchema, verdictSchema } from './schemas';
import { review } from './test-helpers';

describe('label sets', () => {
  it('accepts the defaults: six agent labels on keys 1–6', () => {
    expect(labelSetSchema.parse(DEFAULT_LABELS)).toHaveLength(6);
    expect(DEFAULT_LABELS.map((l) => l.key)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['key', (ls: typeof DEFAULT_LABELS) => [...ls, { ...ls[0], id: 'x', name: 'X' }], 'the key 1'],
    [
      'name, ignoring case',
      (ls: typeof DEFAULT_LABELS) => [...ls, { ...ls[0], id: 'x', key: 9, name: 'UNSAFE' }],
      'name',
    ],
    ['id', (ls: typeof DEFAULT_LABELS) => [...ls, { ...ls[0], key: 9, name: 'Other' }], 'the id wrong-tool'],
  ])('rejects two labels with the same %s', (_what, make, message) => {
    const r = labelSetSchema.safeParse(make(DEFAULT_LABELS));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toContain(message);
  });

  it('rejects a colour that is not #rrggbb and a key outside 1–9', () => {
    expect(labelSetSchema.safeParse([{ ...DEFAULT_LABELS[0], colour: 'red' }]).success).toBe(false);
    expect(labelSetSchema.safeParse([{ ...DEFAULT_LABELS[0], key: 0 }]).success).toBe(false);
  });

  it('finds a label by id or by name, and makes ids from names', () => {
    expect(findLabel(DEFAULT_LABELS, 'premature-end')?.key).toBe(4);
    expect(findLabel(DEFAULT_LABELS, '  Reward Hacking ')?.id).toBe('reward-hacking');
    expect(findLabel(DEFAULT_LABELS, 'nope')).toBeUndefined();
    expect(labelIdFromName('Wrong tool!')).toBe('wrong-tool');
    expect(labelIdFromName('¿?')).toBe('label');
  });
});

describe('review schemas', () => {
  it('round-trips a stored review', () => {
    const r = review({
      verdict: 'needs_fix',
      annotations: [
        {
          rolloutId: 'r1',
          firstBadStep: { messageIndex: 3, reasonLabel: 'wrong-tool' },
          ratings: [{ messageIndex: 1, rating: 'good' }],
          corrections: [{ messageIndex: 3, toolCalls: [{ name: 'get_order', arguments: '{"id":"1"}' }] }],
        },
      ],
    });
    expect(reviewSchema.parse(r)).toEqual(r);
  });

  it('rejects unknown keys, a ranking that repeats a rollout, and an empty correction', () => {
    expect(reviewInputSchema.safeParse({ ...review({}), extra: 1 }).success).toBe(false);
    expect(verdictSchema.safeParse({ kind: 'group', ranking: [['a'], ['b', 'a']] }).success).toBe(false);
    expect(verdictSchema.safeParse({ kind: 'pair', value: 'accept' }).success).toBe(false);
    expect(correctionSchema.safeParse({ messageIndex: 2 }).success).toBe(false);
    expect(correctionSchema.safeParse({ messageIndex: 2, content: null }).success).toBe(true);
  });

  it('rejects a submittedAt that is not an ISO time, and a submitted review without a verdict', () => {
    expect(reviewSchema.safeParse({ ...review({}), submittedAt: 'yesterday' }).success).toBe(false);
    expect(reviewSchema.safeParse(review({ verdict: null })).error?.issues[0].path).toEqual(['verdict']);
    expect(reviewSchema.safeParse(review({ verdict: null, submittedAt: null })).success).toBe(true);
  });
});
