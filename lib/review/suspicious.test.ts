import { describe, expect, it } from 'vitest';
import type { Message, Rollout } from '../formats/types';
import { findSuspicious, findSuspiciousInDataset, findSuspiciousInTask, summarizeTrial } from './suspicious';
import { findActionClaims, findRepeatedChunk, findSuccessClaim } from './suspicious-text';
import { asst, rollout, tool, toolSpec, user } from './test-helpers';

const tools = ['get_order', 'cancel_pending_order', 'modify_pending_order_items'].map((n) => toolSpec(n));
const agent = (messages: Message[], partial: Partial<Rollout> = {}) =>
  rollout({ messages, tools, reward: 1, promptLength: 1, ...partial });
const rules = (r: Rollout, others: Rollout[] = []) => findSuspicious(r, others.map(summarizeTrial)).map((f) => f.rule);

const lookup = [
  user('Cancel #W1 please.'),
  asst(null, [['c1', 'get_order', '{"id":"#W1"}']]),
  tool('c1', '{"status":"pending"}'),
];
const cancelCall = asst(null, [['c2', 'cancel_pending_order', '{"id":"#W1"}']]);

describe('error, then a success claim', () => {
  const failed = [...lookup, cancelCall, tool('c2', 'Error: order is not pending', true)];

  it('flags a high-reward rollout that claims success after an unanswered error, at the claim', () => {
    const r = agent([...failed, asst('Your order has been successfully cancelled.'), user('thanks')]);
    expect(findSuspicious(r)).toEqual([
      {
        rule: 'error-then-success',
        messageIndex: 5,
        message:
          'cancel_pending_order failed at message 4, then the assistant said "Your order has been successfully cancelled.".',
      },
      expect.objectContaining({ rule: 'unbacked-claim', messageIndex: 5 }),
    ]);
  });

  it.each<[string, Message[], Partial<Rollout>]>([
    ['the reward is low', [...failed, asst('Your order has been cancelled.')], { reward: 0 }],
    [
      'the agent retried and succeeded',
      [...failed, cancelCall, tool('c2', '{"status":"cancelled"}'), asst('Your order has been cancelled.')],
      {},
    ],
    [
      'the reply admits the failure',
      [...failed, asst('The exchange went through, but I was unable to cancel the order.')],
      {},
    ],
    [
      'the error is a JSON "error": null',
      [...lookup, cancelCall, tool('c2', '{"error": null}'), asst('It has been cancelled.')],
      {},
    ],
  ])('does not flag when %s', (_name, messages, partial) => {
    expect(rules(agent(messages, partial))).not.toContain('error-then-success');
  });

  it('reads errors from the text when the source has no error flag', () => {
    const r = agent([
      ...lookup,
      cancelCall,
      tool('c2', '{"error": "order not found"}'),
      asst('All set: your order is now cancelled.'),
    ]);
    expect(rules(r)).toContain('error-then-success');
  });
});

describe('an action claimed that no successful call performed', () => {
  it('flags "I have cancelled your order" after only a lookup, at the final reply', () => {
    const r = agent([...lookup, asst('I have cancelled your order #W1.'), user('bye')], { reward: 0 });
    const [finding] = findSuspicious(r);
    expect(finding).toEqual({
      rule: 'unbacked-claim',
      messageIndex: 3,
      message: 'The final reply says "I have cancelled your order #W1.", but the successful calls were get_order.',
    });
  });

  it.each<[string, Message[], Partial<Rollout>]>([
    ['the call succeeded', [...lookup, cancelCall, tool('c2', '{"ok":true}'), asst("I've cancelled your order.")], {}],
    ['it is a question', [...lookup, asst('Shall I cancel your order #W1?')], {}],
    ['it is an offer', [...lookup, asst('Would you like me to cancel it now.')], {}],
    ['it is negated', [...lookup, asst('Your order has not been cancelled yet.')], {}],
    ['it is hedged', [...lookup, asst('Your order may have been cancelled by the store.')], {}],
    ['the rollout has no tools at all', [user('hi'), asst('I have cancelled the meeting for you.')], { tools: [] }],
    [
      'a refund follows another successful action',
      [
        ...lookup,
        asst(null, [['c3', 'modify_pending_order_items', '{}']]),
        tool('c3', 'ok'),
        asst('The $20 difference has been refunded to your card.'),
      ],
      {},
    ],
  ])('does not flag when %s', (_name, messages, partial) => {
    expect(rules(agent(messages, partial))).not.toContain('unbacked-claim');
  });

  it('flags a claim whose only matching call failed', () => {
    const r = agent(
      [...lookup, cancelCall, tool('c2', 'Error: not pending', true), asst('Your order has been cancelled.')],
      {
        reward: 0,
      },
    );
    expect(rules(r)).toEqual(['unbacked-claim']);
  });

  it("accepts a claim backed by a tool that names what was changed, but not by a sibling tool's generic words", () => {
    const airline = ['update_reservation_flights', 'update_reservation_baggages', 'get_reservation_details'].map((n) =>
      toolSpec(n),
    );
    const call = (name: string) => [asst(null, [['k', name, '{}']]), tool('k', '{"ok":true}')];
    const claim = asst('Two checked bags have been added to your reservation.');
    const withBags = rollout({
      messages: [user('x'), ...call('update_reservation_baggages'), claim],
      tools: airline,
      promptLength: 1,
    });
    const flightsOnly = rollout({
      messages: [user('x'), ...call('update_reservation_flights'), claim],
      tools: airline,
      promptLength: 1,
    });
    expect(rules(withBags)).toEqual([]);
    expect(rules(flightsOnly)).toEqual(['unbacked-claim']);
  });
});

describe('high reward without tools where the other trials use them', () => {
  const withTools = agent([...lookup, cancelCall, tool('c2', 'ok'), asst('Done.')]);
  const noTools = agent([user('Cancel #W1 please.'), asst('Sure, it is done.')]);

  it('flags the trial without a tool call, at its last assistant turn', () => {
    const found = findSuspiciousInTask([withTools, noTools, withTools]);
    // It is also far shorter than the two successes that used tools.
    expect(found.map((f) => f.map((x) => x.rule))).toEqual([[], ['no-tools-high-reward', 'short-success'], []]);
    expect(found[1][0]).toMatchObject({
      messageIndex: 1,
      message: "No tool call, yet 2 of the task's 2 other trials use tools.",
    });
  });

  it('does not flag a low reward, a lone trial, or a task whose trials mostly use no tools', () => {
    expect(rules({ ...noTools, reward: 0 }, [withTools])).toEqual([]);
    expect(rules(noTools)).toEqual([]);
    expect(rules(noTools, [noTools, noTools, withTools])).toEqual([]);
  });
});

describe('degenerate output', () => {
  it('flags a chunk repeated back to back, at the message', () => {
    const loop = 'I will check the order status now. '.repeat(6);
    const found = findSuspicious(agent([user('x'), asst('ok'), asst(loop)], { reward: 0 }));
    expect(found).toEqual([
      {
        rule: 'repetition',
        messageIndex: 2,
        message: '"I will check the order status now." repeated 6 times in a row.',
      },
    ]);
  });

  it('flags the same tool call three times in a row, not twice, and not short repeated moves', () => {
    const call = () => [asst(null, [['c', 'get_order', '{"id":"#W1"}']]), tool('c', 'ok')];
    expect(rules(agent([user('x'), ...call(), ...call()], { reward: 0 }))).toEqual([]);
    const thrice = findSuspicious(agent([user('x'), ...call(), ...call(), ...call()], { reward: 0 }));
    expect(thrice.map((f) => [f.rule, f.messageIndex])).toEqual([['repetition', 5]]);
    const moves = [
      user('push'),
      asst('<action>Right</action>'),
      user('ok'),
      asst('<action>Right</action>'),
      user('ok'),
      asst('<action>Right</action>'),
    ];
    expect(rules(rollout({ messages: moves, promptLength: 1 }))).toEqual([]);
  });

  it('flags empty assistant turns, but not call-only or reasoning-only ones', () => {
    const r = agent(
      [
        user('x'),
        asst(''),
        asst(null, [['c', 'get_order', '{}']]),
        tool('c', 'ok'),
        { role: 'assistant', content: null, reasoning: 'hm' },
        asst('  '),
      ],
      { reward: 0 },
    );
    expect(findSuspicious(r)).toEqual([
      { rule: 'empty-turns', messageIndex: 1, message: '2 empty assistant turns (first at message 1).' },
    ]);
  });
});

describe('reward disagreeing with a check metric', () => {
  it.each<[Record<string, number>, boolean | null, string | null]>([
    [{ db_match: 0 }, null, 'Reward 1, yet db_match = 0.'],
    [{ judge_correct: 0, accuracy: 1 }, null, 'Reward 1, yet judge_correct = 0.'],
    [{}, false, 'Reward 1, yet success = 0.'],
    [{ invalid_judge_response: 0, reward_answer: 0, num_tests_run: 0 }, null, null],
    [{ db_match: 1, resolved: 1 }, true, null],
  ])('%j success=%s → %s', (metrics, success, message) => {
    const found = findSuspicious(
      rollout({ messages: [user('q'), asst('a')], reward: 1, metrics, success, promptLength: 1 }),
    );
    expect(found.find((f) => f.rule === 'metric-disagreement')?.message ?? null).toBe(message);
  });

  it('says nothing when the reward is low', () => {
    expect(rules(rollout({ messages: [user('q'), asst('a')], reward: 0, metrics: { db_match: 0 } }))).toEqual([]);
  });
});

describe('a success far shorter than the other successes', () => {
  const long = (n: number) =>
    agent([user('go'), ...Array.from({ length: n }, (_, i) => asst(`step ${i} of the plan, carefully`))]);

  it('flags it against the median of two or more other successes', () => {
    const found = findSuspiciousInTask([long(20), long(18), long(4), long(22)]);
    expect(found.map((f) => f.map((x) => x.rule))).toEqual([[], [], ['short-success'], []]);
    expect(found[2][0]).toMatchObject({
      messageIndex: 4,
      message: "4 messages after the prompt, against a median of 20 in the task's 3 other successes.",
    });
  });

  it('needs two other successes and a real difference', () => {
    expect(findSuspiciousInTask([long(20), long(4)]).flat()).toEqual([]);
    expect(findSuspiciousInTask([long(5), long(6), long(2)]).flat()).toEqual([]); // 3.5 shorter: not far enough
  });
});

describe('findSuspiciousInDataset', () => {
  it('compares trials within a task only, and treats a rollout without a task as alone', () => {
    const withTools = agent([...lookup, cancelCall, tool('c2', 'ok'), asst('Done.')]);
    const noTools = agent([user('Cancel #W1 please.'), asst('Sure.')]);
    const data = [
      { ...withTools, taskId: 't1' },
      { ...noTools, taskId: 't1' },
      { ...noTools, taskId: 't2' },
      { ...noTools, taskId: null },
    ];
    expect(findSuspiciousInDataset(data).map((f) => f.map((x) => x.rule))).toEqual([
      [],
      ['no-tools-high-reward'],
      [],
      [],
    ]);
  });
});

describe('text heuristics', () => {
  it.each([
    ['Your order #W1 has been cancelled.', ['cancelled']],
    ["I've gone ahead and cancelled it, and I have also sent a confirmation email.", ['cancelled', 'sent']],
    ['We have updated your address. Your data is now enabled.', ['updated', 'enabled']],
    ['I checked the order.', []],
    ['Do you want me to cancel it?', []],
  ])('finds the action claims in %j', (text, verbs) => {
    expect(findActionClaims(text).map((c) => c.verb)).toEqual(verbs);
  });

  it('finds success claims but not questions or negations', () => {
    expect(findSuccessClaim('Thanks. Everything went through smoothly!')).toBe('Everything went through smoothly!');
    expect(findSuccessClaim('Has it been cancelled?')).toBeNull();
    expect(findSuccessClaim('It has not been processed.')).toBeNull();
  });

  it('finds a repeated chunk only when it is long enough and repeated enough', () => {
    expect(findRepeatedChunk('a b c '.repeat(5))).toEqual({ chunk: 'a b c', repeats: 5 });
    expect(findRepeatedChunk('ha ha ha ha')).toBeNull(); // 4 words: too short to matter
    expect(findRepeatedChunk('one two three four five six seven eight nine ten eleven twelve')).toBeNull();
  });
});
