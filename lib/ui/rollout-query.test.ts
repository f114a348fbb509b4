import { describe, expect, it } from 'vitest';
import { defaultRolloutQuery, type RolloutQuery } from '../query/rollout-query';
import { parseRolloutQuery, rolloutQueryString, serializeRolloutQuery, updateRolloutQuery } from './rollout-query';

describe('rollout query codec', () => {
  it('defaults for an empty URL, and serializes defaults to nothing', () => {
    expect(parseRolloutQuery(new URLSearchParams())).toEqual(defaultRolloutQuery());
    expect(rolloutQueryString(defaultRolloutQuery())).toBe('');
  });

  it('round-trips every field', () => {
    const q: RolloutQuery = {
      page: 3,
      pageSize: 200,
      sort: { key: 'metric.db_match', dir: 'desc' },
      q: 'refund "policy"',
      hide: ['split', 'trial'],
      filters: {
        reward: { min: 0.5, max: 1 },
        hasReward: true,
        metrics: { db_match: { max: 0.25 }, 'action recall': { min: -1 } },
        task: 'T 12/x',
        split: 'train',
        success: false,
        hasToolCalls: true,
        turns: { min: 2 },
      },
    };
    const s = serializeRolloutQuery(q).toString();
    expect(parseRolloutQuery(new URLSearchParams(s))).toEqual(q);
    // Next's searchParams object form parses the same
    expect(parseRolloutQuery(Object.fromEntries(new URLSearchParams(s)))).toEqual(q);
  });

  it.each([
    ['page=-1', { page: 1 }],
    ['page=abc', { page: 1 }],
    ['size=33', { pageSize: 50 }],
    ['sort=drop table', { sort: { key: 'id', dir: 'asc' } }],
    ['sort=-reward', { sort: { key: 'reward', dir: 'desc' } }],
    ['sort=metric.a"b', { sort: { key: 'id', dir: 'asc' } }],
  ])('malformed or edge value %s falls back', (s, expected) => {
    expect(parseRolloutQuery(new URLSearchParams(s))).toMatchObject(expected);
  });

  it.each([
    ['reward=0.5..1', { min: 0.5, max: 1 }],
    ['reward=1..', { min: 1 }],
    ['reward=..0', { max: 0 }],
    ['reward=-2..10', { min: -2, max: 10 }],
    ['reward=..', undefined],
    ['reward=x..1', undefined],
    ['reward=1', undefined],
  ])('range %s', (s, expected) => {
    expect(parseRolloutQuery(new URLSearchParams(s)).filters.reward).toEqual(expected);
  });

  it('changing filters returns to page 1; paging keeps them', () => {
    const q = { ...defaultRolloutQuery(), page: 4 };
    expect(updateRolloutQuery(q, { q: 'x' }).page).toBe(1);
    expect(updateRolloutQuery(q, { page: 5 }).page).toBe(5);
  });
});
