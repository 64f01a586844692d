// The meeting-room PDF writer: JPEG headers are read right, the file's cross-reference table points at every
// object, pages take the image's aspect, and a CJK title is stored as UTF-16. (The integration test renders a
// written PDF with poppler; the e2e test renders the app's own export.)
import { describe, expect, it } from 'vitest';
import { jpegInfo, writePdf } from '../../main/core/present/pdf-writer.js';

/** SOI, an APP0 segment, then SOF0 with the size: enough for the header reader (not a decodable image). */
function fakeJpeg(width: number, height: number, components = 3): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, components, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('jpegInfo', () => {
  it('reads width, height and components from the frame header after other segments', () => {
    expect(jpegInfo(fakeJpeg(1684, 1190))).toEqual({ width: 1684, height: 1190, components: 3 });
    expect(jpegInfo(fakeJpeg(20, 10, 1)).components).toBe(1);
  });
  it('refuses what is not a JPEG', () => {
    expect(() => jpegInfo(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(/not a JPEG/);
    expect(() => jpegInfo(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(/not a JPEG/);
  });
});

describe('writePdf', () => {
  const pages = [
    { jpeg: fakeJpeg(1684, 1190), widthPx: 1684, heightPx: 1190 },
    { jpeg: fakeJpeg(1000, 1000), widthPx: 1000, heightPx: 1000 },
  ];

  it('writes a cross-reference table whose offsets point at each object', () => {
    const pdf = writePdf(pages, { title: 'Scheme A vs B', creationDate: new Date('2026-03-01T08:00:00Z') });
    const text = latin1(pdf);
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const [, first, count] = /xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    // Catalog, page tree, info, then page + contents + image per page.
    expect(count).toBe(1 + 3 + 2 * 3);
    const entries = text.slice(startxref).split('\n').slice(2, 2 + count!);
    entries.slice(1).forEach((e, i) => {
      const offset = Number(e.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(text).toContain('/Type /Pages /Count 2 /Kids [4 0 R 7 0 R]');
    expect(text).toContain('/CreationDate (D:20260301080000Z)');
    expect(text).toContain('/Title (Scheme A vs B)');
  });

  it('gives each page the image aspect at A4 landscape width and embeds the JPEG bytes as they are', () => {
    const text = latin1(writePdf(pages));
    const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes).toHaveLength(2);
    expect(boxes[0]![0]).toBe(841.89);
    expect(boxes[0]![1]).toBeCloseTo((841.89 * 1190) / 1684, 1);
    expect(boxes[1]).toEqual([841.89, 841.89]);
    expect(text).toContain('/Width 1684 /Height 1190 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode');
    expect(text).toContain(latin1(pages[0]!.jpeg));
  });

  it('stores a Chinese title as UTF-16BE with a byte-order mark', () => {
    const text = latin1(writePdf(pages.slice(0, 1), { title: '方案' }));
    expect(text).toContain('/Title <FEFF65B96848>');
  });

  it('refuses a page whose JPEG does not have the size given', () => {
    expect(() => writePdf([{ jpeg: fakeJpeg(10, 10), widthPx: 20, heightPx: 10 }])).toThrow(/10×10/);
    expect(() => writePdf([])).toThrow(/at least one page/);
  });
});
