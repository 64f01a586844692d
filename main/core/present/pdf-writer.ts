// A minimal PDF 1.4 writer for the meeting-room export: one page per JPEG image, the image filling the page (the
// renderer draws the whole page — map, title, legend, scale bar, north arrow, date — so CJK text needs no embedded
// font). JPEG bytes go into the file as they are (DCTDecode), so nothing is re-encoded or compressed here.
// Pure: bytes in, bytes out (no Node APIs), so it is tested without a file system.

export interface PdfImagePage {
  jpeg: Uint8Array;
  widthPx: number;
  heightPx: number;
}

export interface PdfOptions {
  title?: string;
  /** Page width in points (1/72 in); the height follows the image's aspect. A4 landscape is 842 × 595. */
  pageWidthPt?: number;
  creationDate?: Date;
}

const A4_LANDSCAPE_WIDTH_PT = 841.89;

/** Checks a JPEG's start marker and reads its size and colour components from the first SOFn segment. */
export function jpegInfo(jpeg: Uint8Array): { width: number; height: number; components: number } {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  let o = 2;
  while (o + 4 <= jpeg.length) {
    if (jpeg[o] !== 0xff) throw new Error(`not a JPEG (bad marker at byte ${o})`);
    const marker = jpeg[o + 1]!;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2;
      continue;
    }
    const length = (jpeg[o + 2]! << 8) | jpeg[o + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (o + 9 >= jpeg.length) break;
      return {
        height: (jpeg[o + 5]! << 8) | jpeg[o + 6]!,
        width: (jpeg[o + 7]! << 8) | jpeg[o + 8]!,
        components: jpeg[o + 9]!,
      };
    }
    o += 2 + length;
  }
  throw new Error('not a JPEG (no frame header)');
}

/** PDF text string: ASCII as a literal, anything else as UTF-16BE hex with a byte-order mark. */
function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

const encoder = new TextEncoder();

export function writePdf(pages: readonly PdfImagePage[], opts: PdfOptions = {}): Uint8Array {
  if (!pages.length) throw new Error('a PDF needs at least one page');
  const chunks: Uint8Array[] = [];
  let length = 0;
  const offsets: number[] = [];
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes);
    length += bytes.length;
  };
  const text = (s: string) => push(encoder.encode(s));
  /** Objects are numbered in the order they are written, from 1. */
  const begin = (n: number) => {
    offsets[n] = length;
    text(`${n} 0 obj\n`);
  };

  // 1 catalog, 2 page tree, 3 info; then per page: page, contents, image.
  const pageObj = (i: number) => 4 + i * 3;
  text('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  begin(1);
  text('<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  begin(2);
  text(`<< /Type /Pages /Count ${pages.length} /Kids [${pages.map((_, i) => `${pageObj(i)} 0 R`).join(' ')}] >>\nendobj\n`);
  begin(3);
  const date = pdfDate(opts.creationDate ?? new Date());
  text(`<< /Producer (Sanxian Workbench) /CreationDate (${date})${opts.title ? ` /Title ${pdfString(opts.title)}` : ''} >>\nendobj\n`);

  const widthPt = opts.pageWidthPt ?? A4_LANDSCAPE_WIDTH_PT;
  pages.forEach((page, i) => {
    const info = jpegInfo(page.jpeg);
    if (info.width !== page.widthPx || info.height !== page.heightPx) {
      throw new Error(`page ${i + 1}: the JPEG is ${info.width}×${info.height}, not ${page.widthPx}×${page.heightPx}`);
    }
    const colorSpace = info.components === 1 ? '/DeviceGray' : info.components === 4 ? '/DeviceCMYK' : '/DeviceRGB';
    const w = widthPt;
    const h = Math.round((widthPt * info.height / info.width) * 100) / 100;
    const n = pageObj(i);
    begin(n);
    text(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im${i} ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>\nendobj\n`);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im${i} Do Q\n`;
    begin(n + 1);
    text(`<< /Length ${encoder.encode(content).length} >>\nstream\n${content}endstream\nendobj\n`);
    begin(n + 2);
    text(`<< /Type /XObject /Subtype /Image /Width ${info.width} /Height ${info.height} /ColorSpace ${colorSpace} /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`);
    push(page.jpeg);
    text('\nendstream\nendobj\n');
  });

  const count = 3 + pages.length * 3;
  const xref = length;
  let table = `xref\n0 ${count + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= count; n++) table += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  text(table);
  text(`trailer\n<< /Size ${count + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
