/**
 * A real tau2 results file through the whole app path (import core → DB → export core) as
 * openai-chat: the system message must be tau2's SFT system prompt, byte for byte as in tau2's own
 * sft-v1-small training file. Skipped with a message when ../shared is not present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db/client';
import { checkOpenAiChatLine } from '@/lib/export';
import { runExport } from '@/lib/jobs/export';
import { exportRequestSchema } from '@/lib/export/request';
import { importFile } from '@/lib/jobs/import-file';
import { tmpDir } from './export-fixtures';

const REAL = path.resolve(import.meta.dirname, '../../shared/fixtures/real');
const RESULTS = path.join(REAL, 'tau2/airline_gpt-4.1_sierra_1trial.json');
const SFT = path.join(REAL, 'openai-chat-ft/tau2_sft-v1-small_train.jsonl');
const present = fs.existsSync(RESULTS) && fs.existsSync(SFT);
if (!present) console.warn(`export-real: skipped, ${RESULTS} or ${SFT} is missing (needs ../shared)`);

afterAll(async () => {
  await closeDb();
});

describe.skipIf(!present)('tau2 airline → openai-chat through the DB', () => {
  it("writes tau2's SFT system message byte for byte", async () => {
    const imported = await importFile({ path: RESULTS, datasetName: 'airline-real' });
    if (imported.status !== 'imported') throw new Error('import failed');
    const request = exportRequestSchema.parse({
      datasetId: imported.datasetId,
      format: 'openai-chat',
      recipe: { sft: { minReward: null } },
      split: { by: 'ratio', ratio: 1 },
      name: 'airline',
    });
    const dir = path.join(tmpDir(), 'out');
    const out = await runExport({ request, dir });
    const lines = fs.readFileSync(path.join(dir, 'train.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(out.manifest.counts.written);
    expect(lines.length + (out.manifest.counts.skipped['no-assistant-turn'] ?? 0)).toBe(imported.counts.imported);
    for (const l of lines) expect(checkOpenAiChatLine(l)).toEqual([]);

    const ours = (JSON.parse(lines[0]) as { messages: { role: string; content: string }[] }).messages[0];
    const theirs = (
      JSON.parse(fs.readFileSync(SFT, 'utf8').split('\n')[0]) as { messages: { role: string; content: string }[] }
    ).messages[0];
    expect(ours.role).toBe('system');
    expect(Buffer.from(ours.content, 'utf8').equals(Buffer.from(theirs.content, 'utf8'))).toBe(true);
    expect(JSON.stringify(ours)).toBe(JSON.stringify({ role: 'system', content: theirs.content }));
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
