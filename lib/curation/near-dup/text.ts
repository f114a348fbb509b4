/**
 * What near-duplicate detection compares. `assistant`: what the policy wrote (assistant text, and
 * its tool calls as `name arguments`); `conversation`: every turn but the system and developer
 * prompts, tool results included. System prompts are left out of both: every rollout of a
 * benchmark shares its policy text, which would make all of them near-duplicates of each other.
 */
import type { Message, Rollout } from '../../formats/types';

export type NearDupInput = 'assistant' | 'conversation';

function pushMessage(parts: string[], m: Message): void {
  if (typeof m.content === 'string') parts.push(m.content);
  else if (Array.isArray(m.content)) for (const p of m.content) if (p.type === 'text') parts.push(p.text);
  for (const c of m.tool_calls ?? []) parts.push(c.name, c.arguments);
}

export function rolloutText(r: Pick<Rollout, 'messages'>, input: NearDupInput): string {
  const parts: string[] = [];
  for (const m of r.messages) {
    if (input === 'assistant' ? m.role === 'assistant' : m.role !== 'system' && m.role !== 'developer')
      pushMessage(parts, m);
  }
  return parts.join('\n');
}

/** The prompt a rollout was given (its first promptLength messages), for reference-set checks. */
export function promptText(r: Pick<Rollout, 'messages' | 'promptLength'>): string {
  const parts: string[] = [];
  const n = r.promptLength ?? r.messages.length;
  for (const m of r.messages.slice(0, n)) pushMessage(parts, m);
  return parts.join('\n');
}
