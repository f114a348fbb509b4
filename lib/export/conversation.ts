/**
 * A rollout as the conversation a trainer sees: system prompt settled, OpenAI shape, cut at the
 * last assistant turn. Shared by openai-chat, sft-json, verl-sft and the preference writers so
 * that every target trains on the same turns.
 */
import { defaultPromptLength } from '../formats/finalize';
import type { Message, Rollout } from '../formats/types';
import {
  projectMessages,
  trimToAssistant,
  textOf,
  type OpenAiMessage,
  type ProjectOptions,
  type Projected,
} from './openai-messages';
import { buildTau2SystemPrompt, tau2PolicyOf } from './tau2-system-prompt';

export interface ConversationOptions extends ProjectOptions {
  /**
   * 'auto' (default): rollouts imported from tau2 results get tau2's SFT system prompt
   * (instructions + policy); every other rollout keeps its own. 'data': always keep the data's.
   */
  systemPrompt?: 'auto' | 'data';
  /** See trimToAssistant. Default 'last-assistant'. */
  endOn?: 'last-assistant' | 'last-text-assistant';
}

/** What the conversation projections read of a rollout. */
export type ConversationSource = Pick<Rollout, 'messages' | 'meta' | 'promptLength'>;

export interface SettledMessages {
  messages: Message[];
  promptLength: number;
}

/** Canonical messages with the system prompt settled, and the prompt length adjusted to match. */
export function settleSystemPrompt(rollout: ConversationSource, mode: 'auto' | 'data' = 'auto'): SettledMessages {
  const promptLength = rollout.promptLength ?? defaultPromptLength(rollout.messages);
  const policy = mode === 'auto' ? tau2PolicyOf(rollout) : undefined;
  if (policy === undefined) return { messages: rollout.messages, promptLength };
  const system: Message = { role: 'system', content: buildTau2SystemPrompt(policy) };
  const first = rollout.messages[0];
  if (first?.role === 'system') {
    // Only the plain policy is replaced; a system prompt someone already wrapped stays as it is.
    if (textOf(first.content) !== policy) return { messages: rollout.messages, promptLength };
    return { messages: [system, ...rollout.messages.slice(1)], promptLength };
  }
  return { messages: [system, ...rollout.messages], promptLength: promptLength + 1 };
}

/** A projected conversation with, for each message, the canonical message it came from. */
export interface ProjectedConversation {
  messages: OpenAiMessage[];
  /** Index in the settled canonical messages of each projected message's source. */
  sources: number[];
  /** How many leading projected messages belong to the prompt (the canonical prompt length, projected). */
  promptMessages: number;
  /** The settled canonical messages the sources index into. */
  settled: Message[];
}

function projected(rollout: ConversationSource, opts: ConversationOptions) {
  const { messages, promptLength } = settleSystemPrompt(rollout, opts.systemPrompt);
  const all: Projected[] = projectMessages(messages, opts);
  let promptMessages = 0;
  while (promptMessages < all.length && all[promptMessages].source < promptLength) promptMessages++;
  return { all, messages, promptLength, promptMessages };
}

/**
 * The SFT conversation (what openai-chat, sft-json, verl SFT and the preference writers write) with
 * its sources, or null when it has no assistant turn. Token analysis renders exactly this.
 */
export function sftProjection(
  rollout: ConversationSource,
  opts: ConversationOptions = {},
): ProjectedConversation | null {
  const { all, messages, promptMessages } = projected(rollout, opts);
  const kept = trimToAssistant(
    all.map((p) => p.message),
    opts.endOn,
  );
  if (!kept) return null;
  return {
    messages: kept,
    sources: all.slice(0, kept.length).map((p) => p.source),
    promptMessages: Math.min(promptMessages, kept.length),
    settled: messages,
  };
}

/** The SFT conversation, or null when it has no assistant turn to train on. */
export function sftConversation(rollout: Rollout, opts: ConversationOptions = {}): OpenAiMessage[] | null {
  return sftProjection(rollout, opts)?.messages ?? null;
}

/**
 * Prompt and completion (what kto writes) as one conversation with its sources: the prompt's
 * projected messages, then the continuation cut at its last assistant turn.
 */
export function promptCompletionProjection(
  rollout: ConversationSource,
  opts: ConversationOptions = {},
): ProjectedConversation {
  const { all, messages, promptMessages } = projected(rollout, opts);
  const prompt = all.slice(0, promptMessages);
  const rest = all.slice(promptMessages);
  const completion = trimToAssistant(
    rest.map((p) => p.message),
    opts.endOn,
  );
  const kept = [...prompt, ...rest.slice(0, completion?.length ?? 0)];
  return {
    messages: kept.map((p) => p.message),
    sources: kept.map((p) => p.source),
    promptMessages: prompt.length,
    settled: messages,
  };
}

/** Projected prompt and continuation, split where the canonical prompt ends. */
export function promptAndCompletion(
  rollout: Rollout,
  opts: ConversationOptions = {},
): { prompt: OpenAiMessage[]; completion: OpenAiMessage[] } {
  const p = promptCompletionProjection(rollout, opts);
  return { prompt: p.messages.slice(0, p.promptMessages), completion: p.messages.slice(p.promptMessages) };
}

/**
 * True when a prompt ends with a system or developer message (a solo agent's rollout: no user turn
 * before the agent acts). TRL renders a prompt with the generation prompt only after a user, tool or
 * assistant message and raises on any other ("Invalid role in the last message"), so the
 * preference and KTO writers skip such items as 'prompt-ends-with-system'.
 */
export function promptEndsWithSystem(prompt: readonly OpenAiMessage[]): boolean {
  const last = prompt[prompt.length - 1];
  return last !== undefined && (last.role === 'system' || last.role === 'developer');
}
