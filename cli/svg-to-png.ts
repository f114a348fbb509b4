/**
 * Rasterises an SVG to PNG for the CLI with a headless Chromium, when one is installed (Debian's
 * chromium is what the e2e tests use). Node has no canvas here and the npm canvas/resvg packages
 * ship per-platform binaries, so a browser the machine already has is the dependable renderer.
 * Returns null with a reason when no browser is available or it fails; the caller then writes SVG.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

export function svgToPng(
  svg: string,
  width: number,
  height: number,
  outFile: string,
): { ok: true } | { ok: false; reason: string } {
  const chromium = findChromium();
  if (!chromium) return { ok: false, reason: 'no Chromium found (install chromium or set CHROMIUM_PATH)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-png-'));
  try {
    const svgFile = path.join(dir, 'figure.svg');
    // An HTML wrapper pins the page to the figure's size, so the screenshot has no margins.
    fs.writeFileSync(svgFile, svg);
    const html = path.join(dir, 'figure.html');
    fs.writeFileSync(
      html,
      `<!doctype html><html><body style="margin:0"><img src="figure.svg" width="${width}" height="${height}"></body></html>`,
    );
    const shot = path.join(dir, 'figure.png');
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        `--window-size=${width},${height}`,
        `--screenshot=${shot}`,
        `file://${html}`,
      ],
      { timeout: 60_000, encoding: 'utf8' },
    );
    const png = fs.existsSync(shot) ? fs.readFileSync(shot) : null;
    if (!png || png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') {
      return { ok: false, reason: `Chromium did not produce a PNG (${r.error?.message ?? `exit ${r.status}`})` };
    }
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, png);
    return { ok: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
