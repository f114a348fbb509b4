/**
 * Chart → PNG in the browser: serialise a chart's SVG, draw it on a canvas (2× for sharpness) under
 * its title and legend, and compose several panels into one figure. Charts use explicit colours,
 * so the SVG renders the same outside the page's CSS.
 */

export interface PngPanel {
  title: string;
  /** The element holding the chart (its first <svg> is drawn). */
  container: HTMLElement;
  legend?: readonly { label: string; color: string; dashed?: boolean }[];
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const TITLE_H = 30;
const LEGEND_H = 20;
const PAD = 12;

function chartSvg(container: HTMLElement): SVGSVGElement {
  // recharts 3 puts small icon SVGs in tooltips/legends; the chart is the largest one.
  const svgs = [...container.querySelectorAll('svg')];
  const svg = svgs.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)[0];
  if (!svg) throw new Error('chart has not rendered yet');
  return svg;
}

async function svgImage(svg: SVGSVGElement): Promise<{ img: HTMLImageElement; width: number; height: number }> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', FONT);
  const url = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml;charset=utf-8' }),
  );
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not rasterise the chart SVG'));
      img.src = url;
    });
    return { img, width, height };
  } finally {
    // Revoked after load: the decoded image stays usable.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

function panelHeight(p: PngPanel, chartH: number): number {
  return TITLE_H + (p.legend?.length ? LEGEND_H : 0) + chartH;
}

function drawPanel(
  ctx: CanvasRenderingContext2D,
  p: PngPanel,
  img: HTMLImageElement,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  ctx.fillStyle = '#18181b';
  ctx.font = `600 15px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(p.title, x + PAD, y + TITLE_H / 2 + 2);
  let top = y + TITLE_H;
  if (p.legend?.length) {
    let lx = x + PAD;
    ctx.font = `12px ${FONT}`;
    for (const item of p.legend) {
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(item.dashed ? [5, 3] : []);
      ctx.beginPath();
      ctx.moveTo(lx, top + LEGEND_H / 2);
      ctx.lineTo(lx + 18, top + LEGEND_H / 2);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#3f3f46';
      ctx.fillText(item.label, lx + 24, top + LEGEND_H / 2);
      lx += 24 + ctx.measureText(item.label).width + 18;
    }
    top += LEGEND_H;
  }
  ctx.drawImage(img, x, top, w, h);
}

async function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), 'image/png'),
  );
}

/** One chart as a PNG (white background, title, legend). */
export async function chartPng(panel: PngPanel, scale = 2): Promise<Blob> {
  const { img, width, height } = await svgImage(chartSvg(panel.container));
  const h = panelHeight(panel, height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, h);
  drawPanel(ctx, panel, img, 0, 0, width, height);
  return toBlob(canvas);
}

/** Several charts in a grid of `cols` columns under one figure title; `notes` fill the next free cell. */
export async function figurePng(
  title: string,
  panels: PngPanel[],
  notes: string[] = [],
  cols = 3,
  scale = 2,
): Promise<Blob> {
  const images = await Promise.all(panels.map((p) => svgImage(chartSvg(p.container))));
  const cellW = Math.max(...images.map((i) => i.width));
  const chartH = Math.max(...images.map((i) => i.height));
  const cellH = TITLE_H + LEGEND_H + chartH;
  const rows = Math.ceil((panels.length + (notes.length ? 1 : 0)) / cols);
  const headH = 44;
  const W = cols * cellW + (cols + 1) * PAD;
  const H = headH + rows * cellH + (rows + 1) * PAD;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(W * scale);
  canvas.height = Math.round(H * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#09090b';
  ctx.font = `700 18px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, PAD, headH / 2 + 4);
  panels.forEach((p, i) => {
    const x = PAD + (i % cols) * (cellW + PAD);
    const y = headH + PAD + Math.floor(i / cols) * (cellH + PAD);
    const { img, height } = images[i];
    const offset = p.legend?.length ? 0 : LEGEND_H / 2;
    drawPanel(ctx, p, img, x, y + offset, cellW, height);
  });
  if (notes.length) {
    const i = panels.length;
    const x = PAD + (i % cols) * (cellW + PAD);
    const y = headH + PAD + Math.floor(i / cols) * (cellH + PAD);
    ctx.fillStyle = '#27272a';
    ctx.font = `14px ${FONT}`;
    notes.forEach((line, k) => ctx.fillText(line, x + PAD * 2, y + TITLE_H + 10 + k * 24));
  }
  return toBlob(canvas);
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
