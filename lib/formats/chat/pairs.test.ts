import { describe, expect, it } from 'vitest';
import type { Message } from '../types';
import { sharedPromptLength } from './pairs';

describe('sharedPromptLength', () => {
  const u = (content: string): Message => ({ role: 'user', content });
  const a = (content: string): Message => ({ role: 'assistant', content });
  it.each([
    ['differ in the last answer', [u('q'), a('x')], [u('q'), a('y')], 1],
    ['cut back to a user turn', [u('q'), a('x'), u('q2'), a('z')], [u('q'), a('x'), u('other'), a('w')], 1],
    ['identical sides keep one message each', [u('q'), a('x')], [u('q'), a('x')], 1],
    ['nothing shared', [u('q'), a('x')], [u('r'), a('x')], 0],
    ['empty side', [], [u('q')], 0],
  ])('%s', (_name, chosen, rejected, n) => {
    expect(sharedPromptLength(chosen, rejected)).toBe(n);
  });
});
