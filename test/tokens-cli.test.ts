/**
 * `sift tokens` end to end in its own processes: the sample dataset is loaded with
 * scripts/prepare-db.ts into a temporary database, then bin/sift.mjs runs the analysis.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
let dir: string;
let db: string;

function sift(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SIFT_DB: db },
  });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-tokens-cli-'));
  db = path.join(dir, 'sift.db');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-db.ts')], {
    cwd: root,
    env: { ...process.env, SIFT_DB: db },
  });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sift tokens', () => {
  it('prints the documented --json shape on the sample dataset, and writes the figure', () => {
    const out = sift([
      'tokens',
      '--dataset',
      'Sample: retail support agent',
      '--tokenizer',
      'qwen3',
      '--num-samples',
      '16',
      '--num-steps',
      '8',
      '--json',
      '--output',
      'fig.png',
    ]);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(Object.keys(j).sort()).toEqual(
      ['recommendedMaxLength', 'rollouts', 'stats', 'templateHash', 'tokenizer', 'totalTokens', 'truncation'].sort(),
    );
    expect(j.tokenizer).toBe('qwen3');
    expect(j.templateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(j.rollouts).toBe(16);
    for (const k of ['total', 'system', 'assistant', 'conversation']) {
      expect(Object.keys(j.stats[k]).sort()).toEqual(['max', 'mean', 'p50', 'p95', 'std']);
    }
    expect(j.totalTokens).toBeCloseTo(j.stats.total.mean * 16, 6);
    expect(j.truncation.length).toBeGreaterThan(1);
    expect(j.truncation.length).toBeLessThanOrEqual(8);
    for (const t of j.truncation)
      expect(Object.keys(t).sort()).toEqual(['assistantTokensLost', 'examplesTruncated', 'maxLength', 'zeroTrainable']);
    const lost = j.truncation.map((t: { assistantTokensLost: number }) => t.assistantTokensLost);
    expect(lost).toEqual([...lost].sort((a, b) => b - a)); // more room never loses more
    expect(j.truncation.at(-1).assistantTokensLost).toBe(0);
    expect(j.recommendedMaxLength % 64).toBe(0);
    expect(j.recommendedMaxLength).toBeGreaterThanOrEqual(j.stats.system.max);

    // PNG through a local headless Chromium when there is one (CI installs Debian's), else SVG + a reason.
    const chromium = ['/usr/bin/chromium', process.env.CHROMIUM_PATH].some((c) => c && fs.existsSync(c));
    if (chromium) {
      const png = fs.readFileSync(path.join(dir, 'fig.png'));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.readUInt32BE(16)).toBe(1260); // IHDR width of the five-panel figure
      expect(png.length).toBeGreaterThan(20_000);
    } else {
      expect(out.stderr).toContain('cannot write PNG');
      expect(fs.existsSync(path.join(dir, 'fig.png'))).toBe(false);
    }
    const svgOut = sift([
      'tokens',
      '--dataset',
      'Sample: retail support agent',
      '--tokenizer',
      'qwen3',
      '--num-samples',
      '16',
      '--num-steps',
      '8',
      '--output',
      'fig2.svg',
    ]);
    expect(svgOut.status).toBe(0);
    const svg = fs.readFileSync(path.join(dir, 'fig2.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('max_length (tokens)');
  }, 240_000);

  it('fails with a one-line reason for a tokenizer folder without its files', () => {
    fs.mkdirSync(path.join(dir, 'empty-tok'), { recursive: true });
    const out = sift([
      'tokens',
      '--dataset',
      'Sample: retail support agent',
      '--tokenizer',
      path.join(dir, 'empty-tok'),
    ]);
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toMatch(/^sift: tokenizer\.json is missing in /);
  }, 120_000);
});
