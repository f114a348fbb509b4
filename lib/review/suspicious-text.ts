/**
 * Text heuristics for the suspicious-rollout rules: does a tool result report an error, does an
 * assistant sentence claim success or a completed action, does a turn repeat itself. Each returns
 * the evidence (the sentence, the verb, the repeated chunk) so a finding can quote it.
 *
 * They read English agent replies; a miss is preferred to a false alarm, so negated sentences
 * ("could not be cancelled"), questions and offers ("shall I cancel it?") never count as claims.
 */
import type { Message } from '../formats/types';
import { textOf } from './text';

/** A tool result the source marked as an error, or whose text plainly is one. */
export function isErrorResult(m: Message): boolean {
  if (m.role !== 'tool') return false;
  if (m.error === true) return true;
  const text = textOf(m.content).trimStart();
  if (/^(error|exception|traceback)\b/i.test(text)) return true;
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text) as Record<string, unknown>;
      return (
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        'error' in v &&
        v.error !== null &&
        v.error !== false
      );
    } catch {
      return false;
    }
  }
  return false;
}

const NEGATION =
  /\b(no|not|no longer|never|unable|cannot|can't|couldn't|wasn't|weren't|isn't|aren't|hasn't|haven't|didn't|failed|fail|unfortunately|sorry|error|issue|problem)\b|n't\b/i;
/** Hedged and conditional sentences claim nothing ("may have been", "once it has been"). */
const HEDGE = /\b(may|might|could|would|should|will|once|if|when|after|until|unless)\b/i;

/** Sentences of a reply that can claim something: no questions, offers, negations or hedges. */
export function statements(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(
      (s) =>
        s.length > 0 &&
        !s.endsWith('?') &&
        !/^(would|shall|should|do|can|could|may) (you|i|we)\b/i.test(s) &&
        !NEGATION.test(s) &&
        !HEDGE.test(s),
    );
}

const SUCCESS =
  /\b(successfully|has been|have been|is now|are now|all set|went through|is complete|is completed|is confirmed|completed the|i(?:'ve| have) (?:\w+ed|sent|made|set|reset))\b/i;

/** The reply tells the user something did not work. */
export function admitsFailure(text: string): boolean {
  return /\b(unable|could not|couldn't|cannot|can't|failed|error|wasn't able|not able|unfortunately|did not go through|didn't go through)\b/i.test(
    text,
  );
}

/** The first sentence that claims success, if any. */
export function findSuccessClaim(text: string): string | null {
  return statements(text).find((s) => SUCCESS.test(s)) ?? null;
}

/**
 * Action verbs an agent claims to have done, and the tool-name stems that would perform them. A claim
 * is backed when a successful call's name contains one of the stems. ANY_WRITE marks consequences of
 * some other action (a refund follows a cancellation, a request is submitted by whatever created it):
 * any successful state-changing call backs them.
 */
export const ANY_WRITE = '*';
const ACTIONS: [RegExp, string[]][] = [
  [/cancell?ed/, ['cancel']],
  [/(refunded|credited|charged|applied|processed|submitted|requested|confirmed)/, [ANY_WRITE]],
  [/(booked|reserved)/, ['book', 'reserv', 'creat']],
  [/(updated|changed|modified|edited)/, ['updat', 'modif', 'chang', 'edit', 'set', 'configur']],
  [/exchanged/, ['exchang', 'modif']],
  [/returned/, ['return']],
  [/transferred/, ['transfer']],
  [/(sent|emailed)/, ['send', 'email', 'notif', 'messag']],
  [/(deleted|removed)/, ['delet', 'remov', 'cancel', 'updat', 'modif']],
  [/(added|created|placed|opened)/, ['add', 'creat', 'place', 'open', 'book', 'insert', 'buy', 'purchas', 'order']],
  [/(upgraded|downgraded)/, ['upgrad', 'downgrad', 'chang', 'updat', 'modif']],
  [
    /(enabled|disabled|toggled|activated|deactivated|turned (?:on|off))/,
    ['enabl', 'disabl', 'toggl', 'activ', 'set', 'turn', 'configur'],
  ],
  [/(scheduled|rescheduled)/, ['schedul', 'book', 'creat', 'updat', 'modif', 'chang', 'configur']],
  [/issued/, ['issu', 'send', 'certificat', 'compensat', 'refund', 'credit']],
  [/(reset|restarted|rebooted)/, ['reset', 'restart', 'reboot']],
];

/** Money moves are consequences: a sentence about a refund or a charge is backed by any write call. */
const MONEY = /\$\s?\d|refund|payment|balance|credit|charge|fee\b|cost|price/i;

const CLAIM = new RegExp(
  String.raw`\b(?:i|we)(?:'ve| have)?\s+(?:(?:now|just|already|successfully|also|gone ahead and)\s+)*(\w+(?: (?:on|off))?)` +
    String.raw`|\b(?:has|have) been\s+(?:(?:successfully|now|fully)\s+)*(\w+(?: (?:on|off))?)` +
    String.raw`|\b(?:is|are) now\s+(\w+)`,
  'gi',
);

export interface ActionClaim {
  sentence: string;
  verb: string;
  /** Tool-name stems that would back it ([ANY_WRITE]: any successful state-changing call). */
  stems: string[];
}

/** Completed actions the text claims ("I have cancelled …", "… has been refunded"). */
export function findActionClaims(text: string): ActionClaim[] {
  const out: ActionClaim[] = [];
  for (const sentence of statements(text)) {
    for (const m of sentence.matchAll(CLAIM)) {
      const verb = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
      const action = ACTIONS.find(([re]) => new RegExp(`^${re.source}$`).test(verb));
      if (action) out.push({ sentence, verb, stems: MONEY.test(sentence) ? [ANY_WRITE] : action[1] });
    }
  }
  return out;
}

/**
 * A chunk of at least `minWords` words (one to 50 words long) repeated back to back at least
 * `minRepeats` times: the loop a degenerate generation falls into. Returns the chunk and count.
 */
export function findRepeatedChunk(
  text: string,
  minRepeats = 4,
  minWords = 12,
): { chunk: string; repeats: number } | null {
  const words = text.split(/\s+/).filter(Boolean);
  for (let period = 1; period <= 50 && period * minRepeats <= words.length; period++) {
    let run = 0;
    for (let i = period; i < words.length; i++) {
      run = words[i] === words[i - period] ? run + 1 : 0;
      const repeats = 1 + Math.floor(run / period);
      if (repeats >= minRepeats && period * repeats >= minWords) {
        const start = i - run - period + 1;
        let end = i;
        while (end + 1 < words.length && words[end + 1] === words[end + 1 - period]) end++;
        return { chunk: words.slice(start, start + period).join(' '), repeats: Math.floor((end - start + 1) / period) };
      }
    }
  }
  return null;
}

/** Tools that only read or compute (`get_order`, `search_flights`, `calculate`, `think`). */
export function isReadOnlyTool(name: string): boolean {
  return /^(get|find|list|search|lookup|look_up|calculate|think|check|read|view|query|fetch|show|describe|count|verify|validate|retrieve|explain)/i.test(
    name,
  );
}

/** Words of tool names that say what is done, not to what. */
const ACTION_WORDS = new Set(
  'add,apply,book,cancel,change,create,delete,edit,exchange,get,initiate,insert,make,modify,new,place,put,remove,reset,return,send,set,submit,toggle,update,detail,info,item,user,data,by,for,to,of,id'.split(
    ',',
  ),
);

/** "update_reservation_baggages" → reservation, baggage (lower case, trailing s dropped). */
function objectWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((w) => w.replace(/s$/, ''))
    .filter((w) => w.length >= 3 && !ACTION_WORDS.has(w));
}

/**
 * A claim is also backed when the sentence names what a successful state-changing call acted on,
 * by a word that only one of the rollout's tools has: "2 bags have been added" is backed by
 * update_reservation_baggages, but not by update_reservation_flights ("reservation" is in every
 * reservation tool, so it proves nothing).
 */
export function isBackedByObject(sentence: string, writes: readonly string[], allTools: readonly string[]): boolean {
  const freq = new Map<string, number>();
  for (const name of new Set(allTools)) for (const w of new Set(objectWords(name))) freq.set(w, (freq.get(w) ?? 0) + 1);
  const said = sentence
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((w) => w.replace(/s$/, ''))
    .filter((w) => w.length >= 3);
  return writes.some((name) =>
    objectWords(name).some((t) => freq.get(t) === 1 && said.some((w) => t.startsWith(w) || w.startsWith(t))),
  );
}
