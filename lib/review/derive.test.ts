import { describe, expect, it } from 'vitest';
import type { Message } from '../formats/types';
import { correctedSftExamples, correctionPairs, cutAtLastGoodTurn } from './derive';
import { pairFromVerdict, pairsFromRanking } from './derive-pairs';
import { labelSteps, toTrlStepwise } from './derive-steps';
import { asst, rollout, sys, tool, user } from './test-helpers';
import type { Correction, RolloutAnnotation } from './types';

// 0 system · 1 user · 2 assistant · 3 user · 4 assistant→get_order · 5 tool · 6 assistant→cancel (the
// wrong reason) · 7 tool · 8 assistant text · 9 user. The completion starts at message 2.
const r = rollout({
  messages: [
    sys('You are a retail agent.'),
    user('Cancel my order please.'),
    asst('Sure, which order?'),
    user('#W1, I ordered it by mistake.'),
    asst(null, [['c1', 'get_order', '{"order_id":"#W1"}']]),
    tool('c1', '{"status":"pending"}'),
    asst(null, [['c2', 'cancel_pending_order', '{"order_id":"#W1","reason":"no longer needed"}']]),
    tool('c2', '{"status":"cancelled"}'),
    asst('Done!'),
    user('thanks ###STOP###'),
  ],
  promptLength: 2,
});
const roles = (ms: Message[]) => ms.map((m) => m.role[0]).join('');

const fixCancel: Correction = {
  messageIndex: 6,
  toolCalls: [{ name: 'cancel_pending_order', arguments: '{"order_id":"#W1","reason":"ordered by mistake"}' }],
};
const fixText: Correction = { messageIndex: 8, content: 'Your order #W1 is cancelled; the refund takes 5–7 days.' };
const annotation = (a: Partial<RolloutAnnotation>): RolloutAnnotation => ({
  rolloutId: 'r1',
  firstBadStep: null,
  ratings: [],
  corrections: [],
  ...a,
});
const at = (messageIndex: number) => ({ firstBadStep: { messageIndex, reasonLabel: null } });

describe('cutAtLastGoodTurn', () => {
  it.each<[number, number | null]>([
    [6, 4], // bad call: ends on the get_order call before it (its result comes after that turn)
    [7, 6], // a tool result marked: the assistant call before it is the last kept
    [3, 2],
    [2, null], // the first assistant turn is bad: nothing to keep
    [40, 8], // an index past the end keeps every turn
  ])('first bad step at %i → ends at message %s', (bad, end) => {
    const cut = cutAtLastGoodTurn(r, at(bad));
    expect(cut === null ? null : cut.messages.length - 1).toBe(end);
    if (cut) expect(cut.messages.at(-1)).toBe(r.messages[end!]);
  });

  it('needs a first bad step, and never ends inside the prompt', () => {
    expect(cutAtLastGoodTurn(r, { firstBadStep: null })).toBeNull();
    const promptWithAssistant = { ...r, promptLength: 5 };
    expect(cutAtLastGoodTurn(promptWithAssistant, at(5))).toBeNull();
    expect(cutAtLastGoodTurn(promptWithAssistant, at(7))?.messages).toHaveLength(7);
  });
});

describe('correctedSftExamples', () => {
  const examples = correctedSftExamples(r, annotation({ ...at(6), corrections: [fixText, fixCancel] }));

  it('replaces the corrected turn and ends after it, one example per correction in message order', () => {
    expect(examples.map((e) => roles(e.messages))).toEqual(['suauata', 'suauatata']);
    const [cancel, text] = examples;
    expect(cancel.messages[6].tool_calls).toEqual([
      { id: 'c2', name: 'cancel_pending_order', arguments: '{"order_id":"#W1","reason":"ordered by mistake"}' },
    ]);
    expect(cancel.messages.slice(0, 6)).toEqual(r.messages.slice(0, 6));
    expect(text.messages[8].content).toBe(fixText.content);
    expect(text.promptLength).toBe(2);
  });

  it('keeps earlier bad or corrected turns as context with weight 0', () => {
    const text = examples[1];
    expect(text.messages.map((m) => m.weight)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      0,
      undefined,
      undefined,
    ]);
    expect(r.messages[6].weight).toBeUndefined(); // the source is not changed
  });

  it('skips corrections of messages that are not assistant turns', () => {
    expect(correctedSftExamples(r, annotation({ corrections: [{ messageIndex: 5, content: 'x' }] }))).toEqual([]);
  });
});

describe('correctionPairs', () => {
  it('makes prompt = everything before the turn (tool results included), chosen = the fix, rejected = the original', () => {
    const [pair, textPair] = correctionPairs(r, annotation({ corrections: [fixCancel, fixText] }));
    expect(pair.messageIndex).toBe(6);
    expect(roles(pair.prompt)).toBe('suauat');
    expect(pair.prompt.at(-1)).toBe(r.messages[5]);
    expect(pair.rejected).toEqual([r.messages[6]]);
    expect(pair.chosen[0].tool_calls?.[0].arguments).toContain('ordered by mistake');
    expect(textPair.chosen).toEqual([{ role: 'assistant', content: fixText.content }]);
    expect(roles(textPair.prompt)).toBe('suauatat');
  });

  it('makes no pair from a correction that changes nothing', () => {
    expect(correctionPairs(r, annotation({ corrections: [{ messageIndex: 8, content: 'Done!' }] }))).toEqual([]);
  });
});

describe('labelSteps', () => {
  it('groups each step with the tool results and user turns before it', () => {
    const s = labelSteps(r, annotation(at(6)), 'reject')!;
    expect(s.steps).toEqual([2, 4, 6, 8]);
    expect(roles(s.prompt)).toBe('su');
    expect(s.completions.map(roles)).toEqual(['a', 'ua', 'ta', 'ta']);
    expect(s.labels).toEqual([1, 1, -1, 0]);
  });

  it.each<[string, Partial<RolloutAnnotation> | null, 'accept' | 'reject' | 'needs_fix', number[]]>([
    ['accepted, unmarked: every step good', null, 'accept', [1, 1, 1, 1]],
    ['rejected, unmarked: unknown', null, 'reject', [0, 0, 0, 0]],
    [
      'ratings win over the first bad step',
      {
        ...at(6),
        ratings: [
          { messageIndex: 8, rating: 'good' },
          { messageIndex: 2, rating: 'bad' },
        ],
      },
      'reject',
      [-1, 1, -1, 1],
    ],
    ['a corrected turn is bad', { corrections: [fixCancel] }, 'needs_fix', [0, 0, -1, 0]],
    ['a bad step marked on a tool result falls on the next step', at(5), 'reject', [1, 1, -1, 0]],
    ['a bad step past the last step leaves every step good', at(9), 'reject', [1, 1, 1, 1]],
  ])('%s', (_name, a, verdict, labels) => {
    expect(labelSteps(r, a === null ? null : annotation(a), verdict)?.labels).toEqual(labels);
  });

  it('is null without an assistant step', () => {
    expect(labelSteps(rollout({ messages: [user('hi')], promptLength: 1 }), null, 'accept')).toBeNull();
  });
});

describe('toTrlStepwise', () => {
  const render = (ms: Message[]) => ms.map((m) => `${m.role}: ${m.content ?? JSON.stringify(m.tool_calls)}`).join('\n');

  it('renders strings and boolean labels, stopping before the first unknown step', () => {
    const row = toTrlStepwise(labelSteps(r, annotation(at(6)), 'reject')!, render)!;
    expect(row.labels).toEqual([true, true, false]);
    expect(row.completions).toHaveLength(3);
    expect(row.prompt).toBe('system: You are a retail agent.\nuser: Cancel my order please.');
    expect(row.completions[2]).toMatch(/^tool: \{"status":"pending"\}\nassistant: \[\{"id":"c2"/);
  });

  it('is null when the first step is unknown', () => {
    expect(toTrlStepwise(labelSteps(r, null, 'reject')!, render)).toBeNull();
  });
});

describe('preference pairs from pair and group verdicts', () => {
  it('keeps, swaps or drops a pair', () => {
    const item = { chosen: 'a', rejected: 'b' };
    expect(pairFromVerdict(item, 'chosen_better')).toEqual({ chosen: 'a', rejected: 'b', tierGap: 1 });
    expect(pairFromVerdict(item, 'rejected_better')).toEqual({ chosen: 'b', rejected: 'a', tierGap: 1 });
    expect(pairFromVerdict(item, 'tie')).toBeNull();
    expect(pairFromVerdict(item, 'both_bad')).toBeNull();
  });

  it('expands a ranking with ties into cross-tier pairs', () => {
    const ranking = [['a', 'b'], ['c'], ['d']];
    const show = (ps: ReturnType<typeof pairsFromRanking>) => ps.map((p) => `${p.chosen}>${p.rejected}:${p.tierGap}`);
    expect(show(pairsFromRanking(ranking))).toEqual(['a>c:1', 'a>d:2', 'b>c:1', 'b>d:2', 'c>d:1']);
    expect(show(pairsFromRanking(ranking, { maxTierGap: 1 }))).toEqual(['a>c:1', 'b>c:1', 'c>d:1']);
    expect(pairsFromRanking([['a', 'b', 'c']])).toEqual([]);
  });
});
