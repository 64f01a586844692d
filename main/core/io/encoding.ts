// Text encodings of the files planners exchange: DBF attributes and CSV files from Chinese desktop GIS and Excel are
// usually GBK (CP936; GB18030 is its superset and the same decoder), newer ones UTF-8. Node's TextDecoder (full ICU)
// decodes both; encoding GBK for export uses a table built from that decoder.

export type TextEncodingId = 'gbk' | 'gb18030' | 'utf8';
export const TEXT_ENCODINGS: readonly TextEncodingId[] = ['gbk', 'gb18030', 'utf8'];

/** How the encoding was decided, so the preview can say it and the user can overrule it. */
export type EncodingSource = 'user' | 'cpg' | 'ldid' | 'detected' | 'ascii' | 'default';

export interface EncodingDecision {
  encoding: TextEncodingId;
  source: EncodingSource;
  /** Text the user should read before trusting the decision (e.g. "pure ASCII: any encoding reads it"). */
  note?: string;
}

/** Reads a .cpg file: "UTF-8", "GBK", "936", "CP936", "GB2312", "GB18030", "65001"… */
export function encodingFromCpg(text: string): TextEncodingId | null {
  const t = text.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (['utf8', '65001', 'utf8bom'].includes(t)) return 'utf8';
  if (['gbk', '936', 'cp936', 'gb2312', 'ansi936', 'windows936', 'euccn', 'ms936'].includes(t)) return 'gbk';
  if (['gb18030', '54936', 'cp54936'].includes(t)) return 'gb18030';
  return null;
}

/** DBF header byte 29 (language driver id). Only the Chinese code pages and UTF-8 say anything useful. */
export function encodingFromLdid(ldid: number): TextEncodingId | null {
  if (ldid === 0x4d || ldid === 0x7a) return 'gbk'; // 936 Chinese GBK (PRC)
  return null;
}

import { TextDecoder } from 'node:util';

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/**
 * Guesses the encoding of text bytes (a sample of a file's text fields): valid UTF-8 with non-ASCII bytes is UTF-8
 * (GBK text almost never happens to be valid UTF-8); otherwise GBK if it decodes as GBK without error.
 */
export function detectEncoding(samples: Iterable<Uint8Array>): { encoding: TextEncodingId; source: 'detected' | 'ascii'; invalid?: boolean } {
  let nonAscii = false;
  let utf8Ok = true;
  let gbkOk = true;
  const gbk = new TextDecoder('gbk', { fatal: true });
  for (const s of samples) {
    let ascii = true;
    for (let i = 0; i < s.length; i++) if (s[i]! >= 0x80) { ascii = false; break; }
    if (ascii) continue;
    nonAscii = true;
    if (utf8Ok) { try { utf8Fatal.decode(s); } catch { utf8Ok = false; } }
    if (gbkOk) { try { gbk.decode(s); } catch { gbkOk = false; } }
    if (!utf8Ok && !gbkOk) break;
  }
  if (!nonAscii) return { encoding: 'utf8', source: 'ascii' };
  if (utf8Ok) return { encoding: 'utf8', source: 'detected' };
  if (gbkOk) return { encoding: 'gbk', source: 'detected' };
  return { encoding: 'gbk', source: 'detected', invalid: true };
}

export class DecodeError extends Error {
  /** The field being decoded, set by the reader that knows it. */
  field?: string;
  constructor(readonly encoding: TextEncodingId, readonly bytes: Uint8Array) {
    super(`bytes ${Buffer.from(bytes.subarray(0, 16)).toString('hex')} are not valid ${encodingLabel(encoding)}`);
  }
}

export function encodingLabel(e: TextEncodingId): string {
  return e === 'utf8' ? 'UTF-8' : e === 'gbk' ? 'GBK' : 'GB18030';
}

/**
 * A strict decoder with a fast path for ASCII (most codes and numbers) and a cache for repeated non-ASCII values
 * (地类名称, 权属单位名称 repeat across hundreds of thousands of rows). Invalid bytes throw DecodeError: mojibake is never
 * produced silently.
 */
export class TextFieldDecoder {
  private readonly decoder: TextDecoder;
  private readonly cache = new Map<string, string>();

  /** lenient: invalid bytes become U+FFFD instead of throwing (the preview shows them; an import never is lenient). */
  constructor(readonly encoding: TextEncodingId, readonly lenient = false) {
    this.decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding, { fatal: !lenient });
  }

  /** Decodes buf[start, end) (already trimmed). */
  decode(buf: Buffer, start: number, end: number): string {
    let ascii = true;
    for (let i = start; i < end; i++) if (buf[i]! >= 0x80) { ascii = false; break; }
    if (ascii) return buf.toString('latin1', start, end);
    const key = end - start <= 64 ? buf.toString('latin1', start, end) : null;
    if (key !== null) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit;
    }
    let s: string;
    try {
      s = this.decoder.decode(buf.subarray(start, end));
    } catch {
      throw new DecodeError(this.encoding, buf.subarray(start, end));
    }
    if (key !== null && this.cache.size < 100_000) this.cache.set(key, s);
    return s;
  }
}

// ---- Encoding (export) ---------------------------------------------------------------------------------------------

let gbkTable: Map<number, number> | null = null;

/** Unicode code point → GBK double byte (b1 << 8 | b2), built once by decoding every GBK code. */
function gbkEncodeTable(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const d = new TextDecoder('gbk');
  const t = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      pair[0] = b1;
      pair[1] = b2;
      const s = d.decode(pair);
      if (s.length === 1 && s !== '\ufffd') {
        const cp = s.codePointAt(0)!;
        if (!t.has(cp)) t.set(cp, (b1 << 8) | b2);
      }
    }
  }
  t.set(0x20ac, 0x80); // € is the single byte 0x80 in CP936
  gbkTable = t;
  return t;
}

export class EncodeError extends Error {
  constructor(readonly char: string, readonly encoding: TextEncodingId) {
    super(`“${char}” (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${encodingLabel(encoding)}`);
  }
}

/** Encodes text as UTF-8 or GBK bytes; a character GBK lacks throws EncodeError (choose UTF-8 then). */
export function encodeText(s: string, encoding: TextEncodingId): Buffer {
  if (encoding === 'utf8') return Buffer.from(s, 'utf8');
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) { ascii = false; break; }
  if (ascii) return Buffer.from(s, 'latin1');
  const t = gbkEncodeTable();
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) { out.push(cp); continue; }
    const code = t.get(cp);
    if (code === undefined) throw new EncodeError(ch, encoding);
    if (code < 0x100) out.push(code);
    else out.push(code >> 8, code & 0xff);
  }
  return Buffer.from(out);
}
