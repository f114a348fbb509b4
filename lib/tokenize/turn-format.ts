/**
 * Learns, once per tokenizer+template, how an assistant turn is written: the header before its
 * content (`<|im_start|>assistant\n`, `<|start_header_id|>assistant<|end_header_id|>\n\n`) and the
 * end-of-turn token after it (`<|im_end|>`, `<|eot_id|>`). We render a probe conversation with
 * unmistakable contents and read those strings off the output, so no template is hard-coded.
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import { TokenizeError } from './errors';
import type { HfMessage } from './hf-messages';
import { renderHf, type TemplateSource } from './template';

export interface TurnFormat {
  /** Text between the previous turn and an assistant's output. Not trained. */
  header: string;
  /** End-of-turn token written right after assistant output ('' when the template has none). Trained. */
  footer: string;
  /** The token that opens any turn (header's first added token), used to split per-message regions. */
  turnStart: string;
  /** True when turnStart is an added token: tokenization never merges across it. */
  turnStartAdded: boolean;
}

const U1 = 'SiftProbeUserOne';
const A1 = 'SiftProbeAssistantOne';
const PROBE: HfMessage[] = [
  { role: 'user', content: U1 },
  { role: 'assistant', content: A1 },
  { role: 'user', content: 'SiftProbeUserTwo' },
  { role: 'assistant', content: 'SiftProbeAssistantTwo' },
];

function addedTokenStrings(tokenizer: Tokenizer): string[] {
  const all = [...tokenizer.get_added_tokens_decoder().values()].map((t) => t.content);
  return all.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function addedTokenAt(text: string, pos: number, added: string[]): string | undefined {
  return added.find((s) => text.startsWith(s, pos));
}

export function probeTurnFormat(tokenizer: Tokenizer, source: TemplateSource): TurnFormat {
  const text = renderHf(source, PROBE, null);
  const added = addedTokenStrings(tokenizer);
  const u1End = text.indexOf(U1) + U1.length;
  const a1 = text.indexOf(A1, u1End);
  if (u1End < U1.length || a1 < 0) {
    throw new TokenizeError(
      'template_unsupported',
      'The chat template does not render user and assistant message contents',
    );
  }
  const footer = addedTokenAt(text, a1 + A1.length, added) ?? '';

  // Preferred: the generation prompt is exactly the assistant header.
  let header = '';
  const bare = renderHf(source, PROBE.slice(0, 1), null, false);
  const prompted = renderHf(source, PROBE.slice(0, 1), null, true);
  const genPrompt = prompted.startsWith(bare) ? prompted.slice(bare.length) : '';
  if (genPrompt !== '' && text.slice(a1 - genPrompt.length, a1) === genPrompt) header = genPrompt;

  if (header === '') {
    // Some templates always append the prompt (the bundled Llama 3 one): take the header from the
    // last added token that opens the assistant's role name.
    const role = text.lastIndexOf('assistant', a1);
    const limit = role >= u1End ? role : a1;
    let best = -1;
    for (const s of added) {
      const p = text.lastIndexOf(s, limit);
      if (p >= u1End && p > best && p + s.length <= a1) best = p;
    }
    if (best < 0)
      throw new TokenizeError('template_unsupported', 'Could not find where the template starts an assistant turn');
    header = text.slice(best, a1);
  }
  const opener = addedTokenAt(header, 0, added);
  return { header, footer, turnStart: opener ?? header, turnStartAdded: opener !== undefined };
}
