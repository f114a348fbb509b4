/**
 * A conversation being read from one record, and the state that numbers its id-less tool calls.
 * See README.md for the policy every conversation parser follows.
 */
import type { IssueSink } from '../issues';
import type { Message } from '../types';

/** A conversation plus, per message, the JSON path it came from (for issues raised later). */
export interface Conversation {
  messages: Message[];
  paths: string[];
}

/** Mutable state while parsing one record: where issues go and how to name id-less tool calls. */
export interface ParseState {
  sink: IssueSink;
  idPrefix: string;
  /** Next generated call number. Copy the state to parse two sides from the same point. */
  next: number;
}

export function parseState(sink: IssueSink): ParseState {
  return { sink, idPrefix: `call_${sink.ctx.record}_`, next: 0 };
}

/** The next generated id for an id-less tool call. */
export function nextId(st: ParseState): string {
  return `${st.idPrefix}${st.next++}`;
}

export function emptyConversation(): Conversation {
  return { messages: [], paths: [] };
}

/** Joined copy: a prompt shared by both sides of a pair must not share message objects. */
export function concatConversations(...parts: Conversation[]): Conversation {
  return {
    messages: parts.flatMap((p) => p.messages.map((m) => structuredClone(m))),
    paths: parts.flatMap((p) => p.paths),
  };
}
