import { describe, expect, it } from 'vitest';
import type { Message } from '../formats/types';
import { alignByIndex, alignBySignature, alignTurns, messagesEqual, turnSignature } from './align-turns';

const sys: Message = { role: 'system', content: 'policy' };
const user = (t: string): Message => ({ role: 'user', content: t });
const say = (t: string): Message => ({ role: 'assistant', content: t });
const callMsg = (name: string, args: object, id = `call_${name}`): Message => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, name, arguments: JSON.stringify(args) }],
});
const result = (name: string, t: string, id = `call_${name}`): Message => ({
  role: 'tool',
  tool_call_id: id,
  name,
  content: t,
});

const base: Message[] = [
  sys,
  user('cancel #1'),
  callMsg('get_order', { id: 1 }),
  result('get_order', 'pending'),
  say('Cancel it?'),
  user('yes'),
];

describe('turnSignature', () => {
  it('names the role and the tools called or answered', () => {
    expect(turnSignature(user('x'))).toBe('user');
    expect(turnSignature(callMsg('get_order', {}))).toBe('assistant→get_order');
    expect(turnSignature(result('get_order', 'x'))).toBe('tool←get_order');
    expect(turnSignature(say('x'))).toBe('assistant');
  });
});

describe('messagesEqual', () => {
  it('ignores tool call ids but not arguments', () => {
    expect(messagesEqual(callMsg('f', { a: 1 }, 'id1'), callMsg('f', { a: 1 }, 'id2'))).toBe(true);
    expect(messagesEqual(callMsg('f', { a: 1 }), callMsg('f', { a: 2 }))).toBe(false);
    expect(messagesEqual(say('x'), { ...say('x'), reasoning: 'r' })).toBe(false);
  });
});

describe('alignBySignature', () => {
  it('identical conversations: every row same, no divergence', () => {
    const r = alignBySignature(base, structuredClone(base));
    expect(r.firstDivergence).toBeNull();
    expect(r.rows.map((x) => x.kind)).toEqual(Array(base.length).fill('same'));
    expect(r.rows.every((x) => x.a === x.b)).toBe(true);
  });

  it('marks a changed turn as modified and points at the first divergence', () => {
    const b = structuredClone(base);
    b[4] = say('Shall I cancel order #1?');
    const r = alignBySignature(base, b);
    expect(r.firstDivergence).toBe(4);
    expect(r.rows[4]).toEqual({ a: 4, b: 4, kind: 'modified' });
    expect(r.counts).toMatchObject({ same: 5, modified: 1 });
  });

  it('an extra turn in one rollout shifts the rest instead of breaking them', () => {
    const b = [...base.slice(0, 2), say('Which email?'), user('a@b.c'), ...base.slice(2)];
    const r = alignBySignature(base, b);
    expect(r.rows.map((x) => x.kind)).toEqual(['same', 'same', 'only-b', 'only-b', 'same', 'same', 'same', 'same']);
    expect(r.firstDivergence).toBe(2);
    expect(r.rows.at(-1)).toEqual({ a: 5, b: 7, kind: 'same' });
  });

  it('different tool calls at the same place are side by side', () => {
    const b = [...base.slice(0, 2), callMsg('transfer', {}), result('transfer', 'ok'), ...base.slice(4)];
    const r = alignBySignature(base, b);
    expect(r.rows.slice(2, 4)).toEqual([
      { a: 2, b: 2, kind: 'different' },
      { a: 3, b: 3, kind: 'different' },
    ]);
  });

  it('different lengths: the tail of the longer one is only on its side', () => {
    const r = alignBySignature(base, base.slice(0, 3));
    expect(r.rows.slice(3).map((x) => x.kind)).toEqual(['only-a', 'only-a', 'only-a']);
    expect(r.rows.slice(3).every((x) => x.b === null)).toBe(true);
    expect(r.firstDivergence).toBe(3);
  });

  it('handles empty conversations', () => {
    expect(alignBySignature([], []).rows).toEqual([]);
    expect(alignBySignature([], base.slice(0, 2)).rows.map((x) => x.kind)).toEqual(['only-b', 'only-b']);
  });

  it('covers every message of both sides exactly once, in order', () => {
    const a = [sys, user('a'), say('1'), user('b'), callMsg('f', {}), result('f', 'x'), say('2')];
    const b = [sys, user('a'), callMsg('g', {}), result('g', 'y'), say('1'), say('3'), user('c')];
    const r = alignBySignature(a, b);
    expect(r.rows.filter((x) => x.a !== null).map((x) => x.a)).toEqual(a.map((_, i) => i));
    expect(r.rows.filter((x) => x.b !== null).map((x) => x.b)).toEqual(b.map((_, i) => i));
  });
});

describe('alignByIndex', () => {
  it('pairs by position and pads the shorter side', () => {
    const r = alignByIndex(base.slice(0, 3), [sys, user('cancel #1')]);
    expect(r.rows).toEqual([
      { a: 0, b: 0, kind: 'same' },
      { a: 1, b: 1, kind: 'same' },
      { a: 2, b: null, kind: 'only-a' },
    ]);
    expect(alignTurns(base, base, 'index').firstDivergence).toBeNull();
  });

  it('marks different roles at the same index as different', () => {
    expect(alignByIndex([user('x')], [say('x')]).rows[0].kind).toBe('different');
  });
});
