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

export interface SettledMessages {
  messages: Message[];
  promptLength: number;
}

/** Canonical messages with the system prompt settled, and the prompt length adjusted to match. */
export function settleSystemPrompt(rollout: Rollout, mode: 'auto' | 'data' = 'auto'): SettledMessages {
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

/** The SFT conversation, or null when it has no assistant turn to train on. */
export function sftConversation(rollout: Rollout, opts: ConversationOptions = {}): OpenAiMessage[] | null {
  const { messages } = settleSystemPrompt(rollout, opts.systemPrompt);
  return trimToAssistant(
    projectMessages(messages, opts).map((p) => p.message),
    opts.endOn,
  );
}

/** Projected prompt and continuation, split where the canonical prompt ends. */
export function promptAndCompletion(
  rollout: Rollout,
  opts: ConversationOptions = {},
): { prompt: OpenAiMessage[]; completion: OpenAiMessage[] } {
  const { messages, promptLength } = settleSystemPrompt(rollout, opts.systemPrompt);
  const projected: Projected[] = projectMessages(messages, opts);
  const prompt = projected.filter((p) => p.source < promptLength).map((p) => p.message);
  const rest = projected.filter((p) => p.source >= promptLength).map((p) => p.message);
  return { prompt, completion: trimToAssistant(rest, opts.endOn) ?? [] };
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
