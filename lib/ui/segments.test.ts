import { describe, expect, it } from 'vitest';
import { normalizeTags, parseTagList, reasoningSegment, splitSegments, type Segment } from './segments';

const text = (t: string): Segment => ({ kind: 'text', text: t });
const block = (tag: string, t: string, extra: Partial<{ closed: boolean; opened: boolean }> = {}): Segment => ({
  kind: 'block',
  tag,
  text: t,
  closed: extra.closed ?? true,
  opened: extra.opened ?? true,
  source: 'tag',
});

describe('splitSegments', () => {
  it.each<[string, string, Segment[]]>([
    ['empty text', '', []],
    ['plain text', 'hello world', [text('hello world')]],
    ['one block', 'a<think>b</think>c', [text('a'), block('think', 'b'), text('c')]],
    ['block at both ends', '<think>x</think>', [block('think', 'x')]],
    [
      'several tags in a row',
      '<think>t</think>\n<action>click(3)</action><prediction>page loads</prediction>',
      [block('think', 't'), text('\n'), block('action', 'click(3)'), block('prediction', 'page loads')],
    ],
    ['case-insensitive, attributes', 'x<Action type="click">go</ACTION>', [text('x'), block('action', 'go')]],
    [
      'nested other tag stays verbatim',
      '<think>a<action>b</action>c</think>d',
      [block('think', 'a<action>b</action>c'), text('d')],
    ],
    [
      'same tag nested is depth-counted',
      '<think>a<think>b</think>c</think>d',
      [block('think', 'a<think>b</think>c'), text('d')],
    ],
    [
      'unclosed tag runs to the end',
      'pre<think>still thinking',
      [text('pre'), block('think', 'still thinking', { closed: false })],
    ],
    [
      'stray closing tag closes from the start',
      'reasoning here</think>answer',
      [block('think', 'reasoning here', { opened: false }), text('answer')],
    ],
    ['unknown tags are text', '<script>alert(1)</script><b>x</b>', [text('<script>alert(1)</script><b>x</b>')]],
    ['prefix names do not collide', '<thinking>a</thinking>', [block('thinking', 'a')]],
    ['a tag name inside a word is not a tag', 'the <thinker> said', [text('the <thinker> said')]],
    ['empty block is kept', '<think></think>ok', [block('think', ''), text('ok')]],
  ])('%s', (_name, input, expected) => {
    expect(splitSegments(input)).toEqual(expected);
  });

  it('splits nested blocks when called again on the inner text', () => {
    const [outer] = splitSegments('<think>a<action>b</action>c</think>');
    expect(outer.kind).toBe('block');
    expect(splitSegments(outer.text)).toEqual([text('a'), block('action', 'b'), text('c')]);
  });

  it('uses only the configured tags', () => {
    expect(splitSegments('<think>a</think><step>b</step>', ['step'])).toEqual([
      text('<think>a</think>'),
      block('step', 'b'),
    ]);
    expect(splitSegments('<think>a</think>', [])).toEqual([text('<think>a</think>')]);
  });

  it('concatenating the pieces with their tags gives back the text', () => {
    const input = 'a<think>b<think>c</think></think>d<action x="1">e</action>f<plan>g';
    const rebuilt = splitSegments(input)
      .map((s) => (s.kind === 'text' ? s.text : `<${s.tag}>${s.text}${s.closed ? `</${s.tag}>` : ''}`))
      .join('');
    expect(rebuilt).toBe(input.replace(' x="1"', ''));
  });
});

describe('tag lists', () => {
  it('normalises configured names and drops invalid ones', () => {
    expect(normalizeTags([' Think ', '<action>', '</plan>', 'bad name', '', 'think'])).toEqual([
      'think',
      'action',
      'plan',
    ]);
    expect(parseTagList('think, action <prediction>')).toEqual(['think', 'action', 'prediction']);
  });

  it('escapes regex characters in names', () => {
    expect(splitSegments('<tool.call>x</tool.call><toolxcall>y</toolxcall>', ['tool.call'])).toEqual([
      block('tool.call', 'x'),
      text('<toolxcall>y</toolxcall>'),
    ]);
  });
});

describe('reasoningSegment', () => {
  it('unwraps reasoning wholly wrapped in one tag', () => {
    expect(reasoningSegment('<think>Check the order first.</think>')).toEqual({
      kind: 'block',
      tag: 'reasoning',
      text: 'Check the order first.',
      closed: true,
      opened: true,
      source: 'reasoning',
    });
  });

  it('keeps reasoning with several blocks or plain text as it is', () => {
    expect(reasoningSegment('plain steps')?.text).toBe('plain steps');
    expect(reasoningSegment('<think>a</think> then b')?.text).toBe('<think>a</think> then b');
    expect(reasoningSegment('<think>unclosed')?.text).toBe('<think>unclosed');
  });

  it('returns null for blank reasoning', () => {
    expect(reasoningSegment('  \n')).toBeNull();
  });
});
