/**
 * RolloutDraft → Rollout: the one place where promptKey and contentHash are computed, so every
 * format hashes the same way.
 *
 * - promptKey  = sha256(canonical JSON of {prompt: first promptLength messages, tools}), 32 hex.
 *   Rollouts of the same prompt (GRPO groups, tau2 trials of a task) share it.
 * - contentHash = sha256(canonical JSON of {messages, tools, reward, metrics, taskId, trial}), 32 hex.
 *   Source position, ids and meta are left out on purpose: the same rollout imported twice from
 *   two files dedupes.
 */
import { hash } from 'node:crypto';
import { canonicalJson, canonicalMessage } from './canonical-json';
import type { Message, Rollout, RolloutDraft } from './types';
import { sanitizeMetrics } from './numbers';

const HASH_HEX = 32;

export function hashText(text: string): string {
  // one-shot crypto.hash: no Hash object per call (two hashes per rollout, a million rollouts)
  return hash('sha256', text, 'hex').slice(0, HASH_HEX);
}

// The canonical JSON text of a finalized rollout's messages, built for its hashes anyway. It is
// valid JSON of the same values (only object keys sorted), so the database stores it instead of
// running JSON.stringify over every conversation a second time. Keyed by the array itself: a
// rollout whose messages were replaced afterwards simply misses the cache. (Tools are not stored
// this way: a tool schema's key order reaches the prompt a chat template renders, so it is kept.)
const messagesText = new WeakMap<readonly Message[], string>();

/** JSON text of a rollout's messages for storage: the canonical text when finalizeRollout made it. */
export function storedMessagesJson(messages: readonly Message[]): string {
  return messagesText.get(messages) ?? JSON.stringify(messages);
}

/**
 * The default prompt length (see types.ts): the messages before the first assistant turn that
 * follows a user turn. With no user turn before the first assistant turn (tau2 solo agents), the
 * prompt ends at the first assistant turn that follows any non-assistant message; with no assistant
 * turn at all, every message is prompt.
 */
export function defaultPromptLength(messages: Message[]): number {
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    const role = messages[i].role;
    if (role === 'user') sawUser = true;
    else if (role === 'assistant' && sawUser) return i;
  }
  // no assistant after a user: the first assistant after any prompt-ish message
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].role === 'assistant' && messages[i - 1].role !== 'assistant') return i;
  }
  const firstAssistant = messages.findIndex((m) => m.role === 'assistant');
  return firstAssistant === -1 ? messages.length : Math.max(firstAssistant, 0);
}

export function finalizeRollout(draft: RolloutDraft): Rollout {
  const metrics = sanitizeMetrics(draft.metrics);
  const reward = typeof draft.reward === 'number' && Number.isFinite(draft.reward) ? draft.reward : null;
  const promptLength = clamp(draft.promptLength ?? defaultPromptLength(draft.messages), draft.messages.length);
  // Built by hand from per-message canonical text (computed once, shared by both hashes); equal to
  // canonicalJson({prompt, tools}) and canonicalJson({messages, metrics, reward, taskId, tools, trial}).
  const parts = draft.messages.map(canonicalMessage);
  const tools = canonicalTools(draft.tools);
  const prompt = parts.slice(0, promptLength).join(',');
  const rest = parts.slice(promptLength).join(',');
  const all = prompt === '' ? rest : rest === '' ? prompt : prompt + ',' + rest;
  messagesText.set(draft.messages, '[' + all + ']');
  const promptKey = hashText('{"prompt":[' + prompt + '],"tools":' + tools + '}');
  const contentHash = hashText(
    '{"messages":[' +
      all +
      '],"metrics":' +
      canonicalJson(metrics) +
      ',"reward":' +
      canonicalJson(reward) +
      ',"taskId":' +
      canonicalJson(draft.taskId) +
      ',"tools":' +
      tools +
      ',"trial":' +
      canonicalJson(draft.trial) +
      '}',
  );
  return { ...draft, reward, metrics, promptLength, promptKey, contentHash };
}

// Most files repeat one tool set on every record: JSON.stringify (native, fast) finds the cached
// canonical text instead of sorting the keys of the same JSON schemas a million times.
const toolsCache = new Map<string, string>();
const TOOLS_CACHE_MAX = 256;

function canonicalTools(tools: RolloutDraft['tools']): string {
  if (tools.length === 0) return '[]';
  const key = JSON.stringify(tools);
  let text = toolsCache.get(key);
  if (text === undefined) {
    if (toolsCache.size >= TOOLS_CACHE_MAX) toolsCache.clear();
    text = canonicalJson(tools);
    toolsCache.set(key, text);
  }
  return text;
}

function clamp(n: number, max: number): number {
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : Math.min(0, max);
}
