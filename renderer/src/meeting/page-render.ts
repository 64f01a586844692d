// A meeting-room page (the PNG of the current view, each page of the PDF) drawn on a canvas: title, schemes and
// place, the captured map, a legend, a scale bar, a north arrow and the date. Drawn here rather than in the PDF so
// Chinese text uses the system's CJK fonts (the PDF then needs no embedded font) and the PNG and the PDF look alike.
import { formatDistance } from '../map/scale-bar.js';

export const PAGE_WIDTH_PX = 1684;
export const PAGE_HEIGHT_PX = 1190;
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export interface LegendItem {
  label: string;
  fill: [number, number, number] | null;
  line: [number, number, number] | null;
  /** Drawn hatched (change and finding areas). */
  hatched?: boolean;
}

export interface PageInput {
  title: string;
  subtitle: string;
  date: string;
  /** The map as captured (device pixels). */
  map: HTMLCanvasElement;
  /** Ground metres per pixel of the captured map. */
  metersPerMapPixel: number;
  legend: readonly LegendItem[];
  footer: string;
  /** "3 / 9" */
  pageLabel?: string;
}

/** Where the parts of a page go (page pixels). */
export const LAYOUT = {
  margin: 48,
  header: 150,
  legendWidth: 330,
  footer: 70,
};

export function mapFrame(): { x: number; y: number; w: number; h: number } {
  const { margin, header, legendWidth, footer } = LAYOUT;
  return { x: margin, y: header, w: PAGE_WIDTH_PX - 2 * margin - legendWidth - 24, h: PAGE_HEIGHT_PX - header - footer - 10 };
}

/** The image fitted into the frame without cropping (centred, letterboxed). */
export function containRect(srcW: number, srcH: number, frame: { x: number; y: number; w: number; h: number }) {
  const s = Math.min(frame.w / srcW, frame.h / srcH);
  const w = srcW * s;
  const h = srcH * s;
  return { x: frame.x + (frame.w - w) / 2, y: frame.y + (frame.h - h) / 2, w, h, scale: s };
}

/** The longest 1-2-5 × 10ⁿ m length that fits in maxPx at metersPerPx. */
export function niceScale(metersPerPx: number, maxPx: number): { meters: number; px: number; label: string } {
  const maxMeters = metersPerPx * maxPx;
  const magnitude = 10 ** Math.floor(Math.log10(maxMeters));
  const meters = [5, 2, 1].map((m) => m * magnitude).find((m) => m <= maxMeters) ?? magnitude;
  return { meters, px: meters / metersPerPx, label: formatDistance(meters) };
}

const rgb = (c: readonly number[], a = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, color: readonly number[]) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.fillStyle = rgb(color, 0.2);
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = rgb(color, 0.95);
  ctx.lineWidth = 3;
  for (let d = -h; d < w; d += 9) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
    ctx.stroke();
  }
  ctx.restore();
}

export function drawNorthArrow(ctx: CanvasRenderingContext2D, cx: number, top: number, size: number) {
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.beginPath();
  ctx.arc(cx, top + size * 0.75, size * 0.78, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(cx, top + size * 0.2);
  ctx.lineTo(cx + size * 0.32, top + size * 1.25);
  ctx.lineTo(cx, top + size);
  ctx.closePath();
  ctx.fillStyle = '#1d2a3a';
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(cx, top + size * 0.2);
  ctx.lineTo(cx - size * 0.32, top + size * 1.25);
  ctx.lineTo(cx, top + size);
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.strokeStyle = '#1d2a3a';
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.fillStyle = '#1d2a3a';
  ctx.font = `700 ${Math.round(size * 0.42)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('N', cx, top + size * 0.22);
  ctx.restore();
}

export function drawScaleBar(ctx: CanvasRenderingContext2D, x: number, bottom: number, metersPerPx: number, maxPx: number) {
  const bar = niceScale(metersPerPx, maxPx);
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 10, bottom - 56, bar.px + 20, 62);
  ctx.fillStyle = '#1d2a3a';
  const half = bar.px / 2;
  ctx.fillRect(x, bottom - 16, half, 10);
  ctx.strokeStyle = '#1d2a3a';
  ctx.lineWidth = 2;
  ctx.strokeRect(x, bottom - 16, bar.px, 10);
  ctx.font = `500 24px ${FONT}`;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText('0', x - 6, bottom - 20);
  ctx.textAlign = 'right';
  ctx.fillText(bar.label, x + bar.px + 6, bottom - 20);
  ctx.restore();
  return bar;
}

/** Draws a whole page on `canvas` (resized to the page). */
export function drawPage(canvas: HTMLCanvasElement, input: PageInput): void {
  canvas.width = PAGE_WIDTH_PX;
  canvas.height = PAGE_HEIGHT_PX;
  const ctx = canvas.getContext('2d')!;
  const { margin } = LAYOUT;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PAGE_WIDTH_PX, PAGE_HEIGHT_PX);

  // Header: title, schemes and place, date.
  ctx.fillStyle = '#1d2a3a';
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.font = `700 46px ${FONT}`;
  ctx.fillText(input.title, margin, 72, PAGE_WIDTH_PX - 2 * margin - 300);
  ctx.font = `500 32px ${FONT}`;
  ctx.fillStyle = '#3a4452';
  ctx.fillText(input.subtitle, margin, 122, PAGE_WIDTH_PX - 2 * margin);
  ctx.textAlign = 'right';
  ctx.font = `500 28px ${FONT}`;
  ctx.fillText(input.date, PAGE_WIDTH_PX - margin, 72);

  // The map.
  const frame = mapFrame();
  ctx.fillStyle = '#f4f3ef';
  ctx.fillRect(frame.x, frame.y, frame.w, frame.h);
  const r = containRect(input.map.width, input.map.height, frame);
  ctx.drawImage(input.map, r.x, r.y, r.w, r.h);
  ctx.strokeStyle = '#1d2a3a';
  ctx.lineWidth = 2;
  ctx.strokeRect(frame.x, frame.y, frame.w, frame.h);
  drawNorthArrow(ctx, frame.x + frame.w - 60, frame.y + 24, 64);
  drawScaleBar(ctx, r.x + 28, r.y + r.h - 18, input.metersPerMapPixel / r.scale, 300);

  // Legend.
  const lx = frame.x + frame.w + 24;
  let ly = frame.y + 8;
  ctx.textAlign = 'left';
  ctx.fillStyle = '#1d2a3a';
  ctx.font = `700 32px ${FONT}`;
  ctx.fillText('图例 Legend', lx, ly + 30);
  ly += 60;
  ctx.font = `500 26px ${FONT}`;
  for (const item of input.legend) {
    if (ly > frame.y + frame.h - 40) break;
    const sw = 46, sh = 30;
    if (item.hatched && (item.fill || item.line)) hatch(ctx, lx, ly, sw, sh, item.fill ?? item.line!);
    else if (item.fill) {
      ctx.fillStyle = rgb(item.fill, 0.75);
      ctx.fillRect(lx, ly, sw, sh);
    }
    if (item.line) {
      ctx.strokeStyle = rgb(item.line);
      ctx.lineWidth = 3;
      ctx.strokeRect(lx, ly, sw, sh);
    }
    ctx.fillStyle = '#1d2a3a';
    ctx.textBaseline = 'middle';
    ctx.fillText(item.label, lx + sw + 14, ly + sh / 2, LAYOUT.legendWidth - sw - 14);
    ctx.textBaseline = 'alphabetic';
    ly += sh + 16;
  }

  // Footer.
  ctx.fillStyle = '#6a717c';
  ctx.font = `400 24px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillText(input.footer, margin, PAGE_HEIGHT_PX - 30, PAGE_WIDTH_PX - 2 * margin - 200);
  if (input.pageLabel) {
    ctx.textAlign = 'right';
    ctx.fillText(input.pageLabel, PAGE_WIDTH_PX - margin, PAGE_HEIGHT_PX - 30);
  }
}
