import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFile, detectFormat } from './detect';
import { FormatError, parseFile } from './parse-file';
import { fixture } from './test-helpers';
import type { FormatModule } from './types';

describe('detectFile', () => {
  it.each([
    ['tau2/results-mini.json', 'tau2', 'json-object'],
    ['tau2/wrapper.json', 'tau2', 'json-object'],
    ['tau2/dir', 'tau2', 'dir'],
    ['tau2/dir/results.json', 'tau2', 'dir'],
    ['tau-bench-v1/results.json', 'tau-bench-v1', 'json-array'],
    ['nemo-gym/rollouts.jsonl', 'nemo-gym', 'jsonl'],
    ['verl-trajectories/raw_trajectories.json', 'verl-trajectories', 'json-array'],
    ['verl-parquet/verl-mini.parquet', 'verl-parquet', 'parquet'],
    ['verl-csv/rows.csv', 'verl-csv', 'csv'],
    ['rl-dump/dump.jsonl', 'rl-dump', 'jsonl'],
    ['rl-dump/concat.json', 'rl-dump', 'json-concat'],
  ])('%s → %s', async (p, id, container) => {
    const d = await detectFile(fixture(p));
    expect(d.probe.container).toBe(container);
    expect(d.ok ? d.format.id : d.error).toBe(id);
  });

  it('explains an unrecognised file, format by format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sift-detect-'));
    const p = path.join(dir, 'odd.jsonl');
    writeFileSync(p, '{"hello":"world"}\n{"hello":"again"}\n');
    const d = await detectFile(p, {
      modules: [(await import('./modules/tau2')).format, (await import('./modules/nemo-gym')).format],
    });
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.error).toContain('tau2:');
      expect(d.error).toContain('nemo-gym:');
    }
    await expect(parseFile(p, { modules: [] }).next()).rejects.toBeInstanceOf(FormatError);
  });

  it('honours an explicit format and rejects an unknown id', async () => {
    const d = await detectFile(fixture('rl-dump/dump.jsonl'), { format: 'nemo-gym' });
    expect(d.ok && d.format.id).toBe('nemo-gym');
    await expect(parseFile(fixture('rl-dump/dump.jsonl'), { format: 'nope' }).next()).rejects.toThrow(
      /unknown format "nope"/,
    );
  });

  it('survives a detect that throws', () => {
    const bad: FormatModule = {
      id: 'bad',
      label: '',
      description: '',
      layout: { kind: 'json-values' },
      detect: () => {
        throw new Error('boom');
      },
      mapRecord: () => ({ rollouts: [], issues: [] }),
    };
    const d = detectFormat({ fileName: 'x', head: '', samples: [], container: 'unknown' }, [bad]);
    expect(d.candidates[0]).toMatchObject({ id: 'bad', score: 0, reason: expect.stringContaining('boom') });
  });
});
