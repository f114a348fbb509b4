/**
 * Shared by tests and bench only: fixture conversations and the native HF tokenizers binding
 * (@anush008/tokenizers, a devDependency) used as the reference implementation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer as NativeTokenizer } from '@anush008/tokenizers';
import type { Message, ToolSpec } from '../formats/types';
import { conversationFor, type ShapeSpec } from './export-shape';
import { resolveTokenizerDir } from './registry';

export interface FixtureConversation {
  id: string;
  messages: Message[];
  tools: ToolSpec[];
}

const FIXTURE_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../test/fixtures/conversations');

export function loadFixtures(): FixtureConversation[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as FixtureConversation);
}

export function loadFixture(id: string): FixtureConversation {
  const found = loadFixtures().find((f) => f.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}

export function loadNativeTokenizer(ref: string): NativeTokenizer {
  return NativeTokenizer.fromFile(path.join(resolveTokenizerDir(ref), 'tokenizer.json'));
}

/** Encodes with the native binding; its offsets count code points, so they are converted to UTF-16. */
export async function nativeEncode(t: NativeTokenizer, text: string): Promise<{ ids: number[]; offsets: number[][] }> {
  const e = await t.encode(text, null, { addSpecialTokens: false });
  const utf16At: number[] = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) utf16At.push(i);
  utf16At.push(text.length);
  return { ids: e.getIds(), offsets: e.getOffsets().map(([a, b]) => [utf16At[a], utf16At[b]]) };
}

/** A fixture as the conversation an export format writes (default openai-chat). */
export function fixtureConversation(f: FixtureConversation, spec: ShapeSpec = { format: 'openai-chat' }) {
  const c = conversationFor({ messages: f.messages, tools: f.tools }, spec);
  if (!c) throw new Error(`fixture ${f.id} has no conversation in ${spec.format}`);
  return c;
}
