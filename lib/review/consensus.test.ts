import { describe, expect, it } from 'vitest';
import { decideItem, decideItems, listDisagreements, tallyVotes } from './consensus';
import { review } from './test-helpers';
import type { Adjudication, ConsensusRule, RolloutVerdict } from './types';

const votes = (...vs: RolloutVerdict[]) => vs.map((v, i) => review({ reviewer: `u${i}`, verdict: v }));
const adjudication = (value: RolloutVerdict): Adjudication => ({
  itemId: 'i1',
  verdict: { kind: 'rollout', value },
  by: 'cur',
  at: '2026-01-02T00:00:00Z',
  note: '',
});

describe('decideItem', () => {
  it.each<[string, ConsensusRule, RolloutVerdict[], RolloutVerdict | null, string, string | null]>([
    ['majority of three', 'majority', ['accept', 'reject', 'accept'], null, 'decided', 'accept'],
    ['majority tie of two', 'majority', ['accept', 'reject'], null, 'undecided', null],
    ['majority: three different', 'majority', ['accept', 'reject', 'needs_fix'], null, 'undecided', null],
    ['majority: adjudication settles a tie', 'majority', ['accept', 'reject'], 'reject', 'decided', 'reject'],
    ['majority: adjudication overrules', 'majority', ['accept', 'accept', 'reject'], 'reject', 'decided', 'reject'],
    ['unanimous agreement', 'unanimous', ['reject', 'reject'], null, 'decided', 'reject'],
    ['unanimous: 2 of 3 is not enough', 'unanimous', ['accept', 'accept', 'reject'], null, 'undecided', null],
    ['unanimous ignores adjudication', 'unanimous', ['accept', 'reject'], 'accept', 'undecided', null],
    ['adjudicated: agreement needs none', 'adjudicated', ['accept', 'accept'], null, 'decided', 'accept'],
    ['adjudicated: 2 of 3 waits', 'adjudicated', ['accept', 'accept', 'reject'], null, 'undecided', null],
    ['adjudicated: curator decides', 'adjudicated', ['accept', 'reject'], 'needs_fix', 'decided', 'needs_fix'],
    ['no reviews', 'majority', [], null, 'pending', null],
  ])('%s', (_name, rule, vs, adj, status, verdict) => {
    const c = decideItem('i1', votes(...vs), { rule }, adj ? adjudication(adj) : null);
    expect(c.status).toBe(status);
    expect(c.verdict?.kind === 'rollout' ? c.verdict.value : null).toBe(verdict);
  });

  it('stays pending below the overlap, and ignores drafts', () => {
    const one = votes('accept');
    expect(decideItem('i1', one, { rule: 'majority', minReviews: 2 }).status).toBe('pending');
    const withDraft = [...one, review({ reviewer: 'u9', verdict: 'reject', submittedAt: null })];
    const c = decideItem('i1', withDraft, { rule: 'majority', minReviews: 2 });
    expect(c.status).toBe('pending');
    expect(c.submitted).toBe(1);
    expect(decideItem('i1', withDraft, { rule: 'majority' }).verdict).toEqual({ kind: 'rollout', value: 'accept' });
  });

  it('treats a group ranking with reordered ties as the same verdict', () => {
    const a = review({ reviewer: 'a', verdict: { kind: 'group', ranking: [['x', 'y'], ['z']] } });
    const b = review({ reviewer: 'b', verdict: { kind: 'group', ranking: [['y', 'x'], ['z']] } });
    const c = review({ reviewer: 'c', verdict: { kind: 'group', ranking: [['z'], ['x', 'y']] } });
    expect(decideItem('i1', [a, b], { rule: 'unanimous' }).status).toBe('decided');
    const three = decideItem('i1', [a, b, c], { rule: 'majority' });
    expect(three.source).toBe('majority');
    expect(three.votes.map((v) => v.reviewers)).toEqual([['a', 'b'], ['c']]);
  });
});

describe('tallyVotes', () => {
  it('orders equal counts by first submission', () => {
    const rs = [
      review({ reviewer: 'late', verdict: 'reject', submittedAt: '2026-03-01T00:00:00Z' }),
      review({ reviewer: 'early', verdict: 'accept', submittedAt: '2026-02-01T00:00:00+01:00' }),
    ];
    expect(tallyVotes(rs).map((v) => v.reviewers[0])).toEqual(['early', 'late']);
  });
});

describe('listDisagreements', () => {
  it('lists undecided disagreements first, then decided ones, and leaves agreements out', () => {
    const rs = [
      ...votes('accept', 'accept', 'reject').map((r) => ({ ...r, itemId: 'majority' })),
      ...votes('accept', 'reject').map((r) => ({ ...r, itemId: 'tie' })),
      ...votes('accept', 'accept').map((r) => ({ ...r, itemId: 'agree' })),
    ];
    const list = listDisagreements(decideItems(rs, { rule: 'majority' }).values());
    expect(list.map((c) => [c.itemId, c.status])).toEqual([
      ['tie', 'undecided'],
      ['majority', 'decided'],
    ]);
  });

  it('includes items that only an adjudication mentions', () => {
    const all = decideItems([], { rule: 'adjudicated' }, [adjudication('accept')]);
    expect(all.get('i1')?.status).toBe('decided');
  });
});
