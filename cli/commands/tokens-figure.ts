/**
 * The five-panel token figure as a standalone SVG, for `sift tokens --output`. The app draws the
 * same panels with recharts and can save PNGs; Node has no canvas here (no new dependency), so the
 * CLI writes SVG. Layout: 3 × 2 grid, the sixth cell holds the headline numbers.
 */
import type { TokenAnalysisResult, TokenHistogram, TokenQuantity } from '../../lib/token-stats/analysis';

const W = 420;
const H = 300;
const M = { top: 36, right: 16, bottom: 46, left: 62 };
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) =>
  Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : Number.isInteger(n) ? String(n) : n.toFixed(1);

function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  body: string[];
}

function frame(
  title: string,
  xLabel: string,
  yLabel: string,
  xDomain: [number, number],
  yDomain: [number, number],
  yFmt = fmt,
): Frame {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = (v: number) => M.left + ((v - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * iw;
  const y = (v: number) => M.top + ih - ((v - yDomain[0]) / (yDomain[1] - yDomain[0] || 1)) * ih;
  const body: string[] = [`<rect width="${W}" height="${H}" fill="white"/>`];
  body.push(
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" fill="#18181b">${esc(title)}</text>`,
  );
  for (const t of niceTicks(yDomain[0], yDomain[1])) {
    body.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e7"/>`);
    body.push(
      `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#52525b">${yFmt(t)}</text>`,
    );
  }
  for (const t of niceTicks(xDomain[0], xDomain[1])) {
    body.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.top + ih}" y2="${M.top + ih + 4}" stroke="#71717a"/>`);
    body.push(
      `<text x="${x(t)}" y="${M.top + ih + 16}" text-anchor="middle" font-size="11" fill="#52525b">${fmt(t)}</text>`,
    );
  }
  body.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ih}" y2="${M.top + ih}" stroke="#71717a"/>`);
  body.push(
    `<text x="${M.left + iw / 2}" y="${H - 8}" text-anchor="middle" font-size="12" fill="#3f3f46">${esc(xLabel)}</text>`,
  );
  body.push(
    `<text transform="translate(14 ${M.top + ih / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="#3f3f46">${esc(yLabel)}</text>`,
  );
  return { x, y, body };
}

function histogramPanel(title: string, h: TokenHistogram, s: { mean: number; std: number }, color: string): string {
  const lo = h.bins[0]?.start ?? 0;
  const hi = h.bins.at(-1)?.end ?? 1;
  const top = Math.max(1, ...h.bins.map((b) => b.count));
  const f = frame(title, 'tokens per example', 'examples', [lo, hi], [0, top * 1.1]);
  for (const b of h.bins) {
    f.body.push(
      `<rect x="${f.x(b.start) + 0.5}" y="${f.y(b.count)}" width="${Math.max(0.5, f.x(b.end) - f.x(b.start) - 1)}" height="${f.y(0) - f.y(b.count)}" fill="${color}"/>`,
    );
  }
  const yTop = M.top;
  const yBot = f.y(0);
  const band = [s.mean - s.std, s.mean + s.std].map((v) => Math.min(hi, Math.max(lo, v)));
  f.body.push(
    `<rect x="${f.x(band[0])}" y="${yTop}" width="${f.x(band[1]) - f.x(band[0])}" height="${yBot - yTop}" fill="#f59e0b" fill-opacity="0.12"/>`,
  );
  f.body.push(
    `<line x1="${f.x(s.mean)}" x2="${f.x(s.mean)}" y1="${yTop}" y2="${yBot}" stroke="#dc2626" stroke-width="2" stroke-dasharray="5 3"/>`,
  );
  f.body.push(
    `<text x="${W - M.right}" y="${M.top + 12}" text-anchor="end" font-size="11" fill="#b91c1c">mean ${Math.round(s.mean)} ± std ${Math.round(s.std)}</text>`,
  );
  return f.body.join('');
}

function truncationPanel(r: TokenAnalysisResult): string {
  const steps = r.truncation;
  const maxX = steps.at(-1)?.maxLength ?? 1;
  const pct = (v: number) => `${fmt(v)}%`;
  const topPct = Math.max(1, ...steps.map((s) => s.lostAllFraction * 100));
  const f = frame(
    'Assistant tokens lost by max_length',
    'max_length (tokens)',
    'assistant tokens lost (%)',
    [0, maxX],
    [0, topPct * 1.05],
    pct,
  );
  const line = (key: 'lostAllFraction' | 'lostLastFraction', color: string, dash = '') =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${steps
      .map((s) => `${f.x(s.maxLength)},${f.y(s[key] * 100)}`)
      .join(' ')}"/>` +
    steps.map((s) => `<circle cx="${f.x(s.maxLength)}" cy="${f.y(s[key] * 100)}" r="2.5" fill="${color}"/>`).join('');
  f.body.push(line('lostAllFraction', '#4f46e5'), line('lostLastFraction', '#059669', '4 3'));
  const rx = f.x(Math.min(maxX, r.recommendedMaxLength));
  f.body.push(
    `<line x1="${rx}" x2="${rx}" y1="${M.top}" y2="${f.y(0)}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="5 3"/>`,
  );
  // Label on whichever side of the line has room, so it is never clipped at the panel's edge.
  const labelLeft = rx > (M.left + W - M.right) / 2;
  f.body.push(
    `<text x="${labelLeft ? rx - 4 : rx + 4}" y="${f.y(0) - 8}" text-anchor="${labelLeft ? 'end' : 'start'}" font-size="11" fill="#b91c1c">recommended ${r.recommendedMaxLength}</text>`,
  );
  f.body.push(`<text x="${M.left + 6}" y="${f.y(0) - 36}" font-size="11" fill="#4f46e5">— all assistant turns</text>`);
  f.body.push(`<text x="${M.left + 6}" y="${f.y(0) - 22}" font-size="11" fill="#059669">- - last turn only</text>`);
  return f.body.join('');
}

function summaryPanel(r: TokenAnalysisResult): string {
  const lines = [
    `Dataset: ${r.datasetName}`,
    `Tokenizer: ${r.options.tokenizer}${r.isCustomTemplate ? ' + custom template' : ''}`,
    `Template sha256: ${r.templateHash.slice(0, 16)}…`,
    `Rollouts analysed: ${r.rollouts} of ${r.datasetRollouts}`,
    `Total tokens: ${r.totalTokens.toLocaleString('en-US')}`,
    `Recommended max_length: ${r.recommendedMaxLength}`,
    `  (≤ ${(r.options.lossBudget * 100).toFixed(1)}% of ${r.options.mask === 'all' ? 'assistant' : 'last-turn'} tokens lost)`,
    `Zero trained tokens at ${r.zeroTrained.maxLength}: ${r.zeroTrained.count} examples`,
  ];
  return (
    `<rect width="${W}" height="${H}" fill="white"/>` +
    lines.map((l, i) => `<text x="24" y="${56 + i * 26}" font-size="13" fill="#27272a">${esc(l)}</text>`).join('')
  );
}

export function tokensFigureSvg(r: TokenAnalysisResult): string {
  const q = (k: TokenQuantity) => ({ h: r.histograms[k], s: r.stats[k] });
  const panels = [
    histogramPanel('Total tokens per example', q('total').h, q('total').s, '#6366f1'),
    truncationPanel(r),
    histogramPanel('System tokens (preamble, system, tools)', q('system').h, q('system').s, '#0ea5e9'),
    histogramPanel('Assistant tokens', q('assistant').h, q('assistant').s, '#10b981'),
    histogramPanel('Conversation tokens (total − system)', q('conversation').h, q('conversation').s, '#f97316'),
    summaryPanel(r),
  ];
  const cells = panels
    .map((p, i) => `<g transform="translate(${(i % 3) * W} ${Math.floor(i / 3) * H + 40})">${p}</g>`)
    .join('');
  const title = `Token analysis: ${esc(r.datasetName)} · ${esc(r.options.tokenizer)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${3 * W}" height="${2 * H + 40}" viewBox="0 0 ${3 * W} ${2 * H + 40}" ${FONT}><rect width="100%" height="100%" fill="white"/><text x="${(3 * W) / 2}" y="26" text-anchor="middle" font-size="17" font-weight="700" fill="#09090b">${title}</text>${cells}</svg>\n`;
}
