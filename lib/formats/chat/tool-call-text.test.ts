import { describe, expect, it } from 'vitest';
import { issueSink } from '../issues';
import { checkArguments } from './tool-call-text';

describe('checkArguments', () => {
  it.each([
    ['{"a": 1}', []],
    ['"{\\"a\\": 1}"', [/double-encoded/]],
    ['"plain text"', []],
    ['{"a": ', [/not valid JSON/]],
    ['"{not json"', []],
  ])('%s', (args, expected) => {
    const sink = issueSink({ file: 'x', record: 0 });
    checkArguments(args, '$.a', sink);
    expect(sink.issues.map((i) => i.message)).toEqual(expected.map((re) => expect.stringMatching(re)));
  });
});
