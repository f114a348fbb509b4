/**
 * Where each message sits in a rendered conversation, and which chars a trainer learns from.
 *
 * Method: render the whole conversation once (what the trainer sees), then walk it left to right
 * with a cursor, message by message. Each message's content is found from the cursor on (verbatim,
 * else trimmed, since templates `trim`), and the cursor moves past it, so text quoted inside an
 * earlier message can never be mistaken for a later turn. An assistant turn is the next occurrence
 * of the probed header (turn-format.ts); its trained span runs from the end of that header through
 * the end-of-turn token that follows its content and tool calls.
 *
 * Why not render prefixes (messages[:i] vs messages[:i+1])? Qwen3's template writes
 * `<think>\n\n</think>\n\n` into assistant turns after the last user query only when they are last,
 * so a prefix render differs from the full render the trainer uses. One render is also faster.
 *
 * The span therefore includes template-written output parts (Qwen3's think block, tool-call
 * markup): the model generates them, so a completion-only trainer learns them too.
 */
import type { TurnFormat } from './turn-format';

/** What locating a turn needs to know about a rendered message. */
export interface TurnInput {
  role: string;
  /** The content text the template was given. */
  content: string;
  /** Names of the message's tool calls, in order. */
  callNames: string[];
  /** An assistant turn a trainer learns from (policy output, not a simulated user's). */
  trainable: boolean;
}

export interface CharRange {
  start: number;
  end: number;
}

export interface TrainedCharSpan extends CharRange {
  /** Index into the rendered messages. */
  message: number;
}

export interface TurnLayout {
  /** Char range of each rendered message's turn; they tile [regions[0].start, text.length). */
  regions: CharRange[];
  /** Where each assistant turn's output starts (after its header); -1 for other turns. */
  outputStarts: number[];
  /** Trainable assistant outputs, in order. */
  trained: TrainedCharSpan[];
  warnings: string[];
}

function findContent(text: string, content: string, from: number): CharRange | null {
  if (content === '') return null;
  let p = text.indexOf(content, from);
  if (p >= 0) return { start: p, end: p + content.length };
  const trimmed = content.trim();
  if (trimmed === '' || trimmed === content) return null;
  p = text.indexOf(trimmed, from);
  return p >= 0 ? { start: p, end: p + trimmed.length } : null;
}

/** Assistant content as Qwen-style templates print it: reasoning split off at `</think>`. */
function visibleAssistantContent(content: string): string {
  const cut = content.lastIndexOf('</think>');
  return cut >= 0 ? content.slice(cut + '</think>'.length).replace(/^\n+/, '') : content;
}

export function locateTurns(text: string, messages: readonly TurnInput[], format: TurnFormat): TurnLayout {
  const starts: number[] = [];
  const outputStarts: number[] = [];
  const trained: TrainedCharSpan[] = [];
  const warnings: string[] = [];
  let cursor = 0;

  messages.forEach((m, i) => {
    const content = m.content;
    if (m.role === 'assistant') {
      const h = text.indexOf(format.header, cursor);
      if (h < 0) {
        warnings.push(`assistant message ${i} not found in the rendered text`);
        starts.push(cursor);
        outputStarts.push(-1);
        return;
      }
      const outputStart = h + format.header.length;
      let p = outputStart;
      const found = findContent(text, visibleAssistantContent(content), p);
      if (found) p = found.end;
      for (const name of m.callNames) {
        const q = name === '' ? -1 : text.indexOf(name, p);
        if (q >= 0) p = q + name.length;
      }
      const f = format.footer === '' ? -1 : text.indexOf(format.footer, p);
      const end = f >= 0 ? f + format.footer.length : p;
      starts.push(h);
      outputStarts.push(outputStart);
      if (m.trainable) trained.push({ message: i, start: outputStart, end });
      cursor = end;
      return;
    }
    const found = findContent(text, content, cursor);
    const contentStart = found ? found.start : cursor;
    // The turn opens at the last turn-start token before the content, if it is past the previous
    // message; grouped turns (Qwen puts consecutive tool results in one user turn) have none.
    const open = text.lastIndexOf(format.turnStart, contentStart);
    starts.push(open >= cursor ? open : cursor);
    outputStarts.push(-1);
    if (found) cursor = found.end;
  });

  const regions = starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : text.length }));
  return { regions, outputStarts, trained, warnings };
}
