/**
 * Format detection: every registered module scores the probe; the best score wins. An explicit
 * `format` id (the `--format` override / the picker in the UI) skips scoring.
 */
import { buildProbe } from './probe';
import { formats } from './registry';
import type { FormatModule, Probe } from './types';

/** Detection below this score is not trusted. */
export const MIN_SCORE = 0.3;

export interface Candidate {
  id: string;
  score: number;
  reason: string;
}

export type DetectResult =
  | { ok: true; format: FormatModule; reason: string; candidates: Candidate[] }
  | { ok: false; format: null; error: string; candidates: Candidate[] };

export function findFormat(id: string, modules: readonly FormatModule[] = formats): FormatModule | undefined {
  return modules.find((m) => m.id === id);
}

/** Scores every module (a detect that throws scores 0) and picks the best, ties by registry order. */
export function detectFormat(
  probe: Probe,
  modules: readonly FormatModule[] = formats,
  override?: string,
): DetectResult {
  if (override !== undefined) {
    const m = findFormat(override, modules);
    if (m) return { ok: true, format: m, reason: `format chosen by the user (${override})`, candidates: [] };
    return {
      ok: false,
      format: null,
      error: `unknown format "${override}"; known formats: ${modules.map((x) => x.id).join(', ')}`,
      candidates: [],
    };
  }
  const candidates: Candidate[] = modules.map((m) => {
    try {
      const d = m.detect(probe);
      const score = Number.isFinite(d.score) ? Math.min(1, Math.max(0, d.score)) : 0;
      return { id: m.id, score, reason: d.reason };
    } catch (e) {
      return { id: m.id, score: 0, reason: `detect failed: ${(e as Error).message}` };
    }
  });
  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (best && best.score >= MIN_SCORE) {
    return { ok: true, format: findFormat(best.id, modules)!, reason: best.reason, candidates: ranked };
  }
  const lines = candidates.map((c) => `  - ${c.id}: ${c.reason}`).join('\n');
  return {
    ok: false,
    format: null,
    error: `could not recognise ${probe.fileName} (looks like ${probe.container}). Formats tried:\n${lines}`,
    candidates: ranked,
  };
}

export async function detectFile(
  path: string,
  opts: { format?: string; fileName?: string; modules?: readonly FormatModule[] } = {},
): Promise<DetectResult & { probe: Probe }> {
  const probe = await buildProbe(path, opts.fileName);
  return { ...detectFormat(probe, opts.modules, opts.format), probe };
}
