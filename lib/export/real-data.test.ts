/**
 * Real public files (when ../shared beside the repo is present): import with Sift's importers, export as
 * openai-chat, and every line must pass the OpenAI format checks.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLines, tmpDir } from '../../test/fixtures/export/tmp';
import { format as openAiChatModule } from '../formats/modules/openai-chat';
import { parseFileAll } from '../formats/parse-file';
import { formats } from '../formats/registry';
import { checkOpenAiChatLine } from './openai-checks';
import { writeOpenAiChat } from './openai-chat';

const REAL = path.resolve(import.meta.dirname, '../../../shared/fixtures/real');
const files = (dir: string, ext: string) =>
  existsSync(path.join(REAL, dir))
    ? readdirSync(path.join(REAL, dir))
        .filter((f) => f.endsWith(ext))
        .map((f) => path.join(REAL, dir, f))
    : [];
const cases = [...files('tau2', '.json'), ...files('nemo-gym', '.jsonl'), ...files('openai-chat-ft', '.jsonl')];
const modules = [...formats, ...(formats.some((f) => f.id === 'openai-chat') ? [] : [openAiChatModule])];

describe.skipIf(cases.length === 0)('real files → openai-chat', () => {
  it.each(cases.map((f) => [path.basename(f), f]))('%s', async (_name, file) => {
    const { rollouts } = await parseFileAll(file, { modules });
    const dir = await tmpDir();
    const result = await writeOpenAiChat({ items: rollouts.map((r) => ({ rollout: r, split: 'train' })), dir });
    const lines = result.files.length ? await readLines(dir, 'train.jsonl') : [];
    expect(lines.length + (result.counts.skipped['no-assistant-turn'] ?? 0)).toBe(rollouts.length);
    for (const line of lines) expect(checkOpenAiChatLine(line)).toEqual([]);
  });
});
