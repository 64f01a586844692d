// dBase III files as shapefiles carry them: the reader decodes records on demand with a chosen text encoding, the
// writer produces what GDAL and ArcGIS read (field names of at most 10 bytes, N fields for numbers, a .cpg beside).
import type { FieldType } from '../../../shared/domain/layer-kinds.js';
import type { ByteSource } from './bytes.js';
import { DecodeError, detectEncoding, encodeText, encodingFromLdid, TextFieldDecoder, type TextEncodingId } from './encoding.js';

export interface DbfField {
  /** Raw name bytes (names may be GBK too); decoded with the chosen encoding by the reader. */
  nameBytes: Buffer;
  name: string;
  code: string; // C, N, F, L, D, M…
  length: number;
  decimals: number;
  offset: number;
  type: FieldType;
}

export type DbfValue = string | number | bigint | null;

export class DbfError extends Error {}

export class DbfReader {
  readonly count: number;
  readonly headerLength: number;
  readonly recordLength: number;
  readonly ldid: number;
  readonly fields: DbfField[];
  private decoder: TextFieldDecoder;

  constructor(private readonly src: ByteSource, encoding: TextEncodingId, private readonly lenient = false) {
    if (src.length < 32) throw new DbfError('the .dbf is shorter than its header');
    const head = Buffer.from(src.view(0, 32));
    this.count = head.readUInt32LE(4);
    this.headerLength = head.readUInt16LE(8);
    this.recordLength = head.readUInt16LE(10);
    this.ldid = head[29]!;
    if (this.recordLength < 1 || this.headerLength < 33 || this.headerLength > src.length) throw new DbfError('the .dbf header is corrupt');
    // A copy: the source's views do not outlive the next read.
    const buf = Buffer.from(src.view(0, this.headerLength));
    const fields: DbfField[] = [];
    let offset = 1;
    for (let at = 32; at + 32 <= this.headerLength && buf[at] !== 0x0d; at += 32) {
      let end = at;
      while (end < at + 11 && buf[end] !== 0) end++;
      const code = String.fromCharCode(buf[at + 11]!).toUpperCase();
      const length = buf[at + 16]!;
      const decimals = buf[at + 17]!;
      fields.push({ nameBytes: buf.subarray(at, end), name: '', code, length, decimals, offset, type: fieldType(code, length, decimals) });
      offset += length;
    }
    this.fields = fields;
    if (offset > this.recordLength) throw new DbfError(`the .dbf fields (${offset} bytes) do not fit its record length (${this.recordLength})`);
    const available = Math.floor(Math.max(0, src.length - this.headerLength) / this.recordLength);
    if (available < this.count) throw new DbfError(`the .dbf is truncated: its header promises ${this.count} records, the file holds ${available}`);
    this.decoder = new TextFieldDecoder(encoding, lenient);
    const plain = new TextFieldDecoder(encoding, true);
    for (const f of this.fields) {
      try {
        // Writers cut names at 10 bytes, sometimes inside a character: drop the broken tail rather than show �.
        f.name = plain.decode(f.nameBytes, 0, f.nameBytes.length).replace(/\ufffd+$/, '').trim();
      } catch {
        f.name = f.nameBytes.toString('latin1');
      }
    }
  }

  /** Text bytes of the first rows' character fields and the field names, for encoding detection. */
  *textSamples(maxRows = 5000): Generator<Uint8Array> {
    for (const f of this.fields) yield f.nameBytes;
    const n = Math.min(this.count, maxRows);
    for (let r = 0; r < n; r++) {
      const rec = this.src.view(this.headerLength + r * this.recordLength, this.recordLength);
      for (const f of this.fields) {
        if (f.code !== 'C') continue;
        const [s, e] = trimmed(rec, f.offset, f.offset + f.length);
        // Copied: the consumer may hold samples while later rows are read.
        if (e > s) yield Buffer.from(rec.subarray(s, e));
      }
    }
  }

  detect(): ReturnType<typeof detectEncoding> & { ldid: TextEncodingId | null } {
    return { ...detectEncoding(this.textSamples()), ldid: encodingFromLdid(this.ldid) };
  }

  deleted(row: number): boolean {
    return this.src.view(this.headerLength + row * this.recordLength, 1)[0] === 0x2a;
  }

  /** Values of record `row` (0-based) in field order. Throws DecodeError (with no row: the caller knows it). */
  record(row: number, out: DbfValue[] = new Array(this.fields.length)): DbfValue[] {
    const base = 0;
    const buf = this.src.view(this.headerLength + row * this.recordLength, this.recordLength);
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const [s, e] = trimmed(buf, base + f.offset, base + f.offset + f.length);
      if (e <= s) { out[i] = null; continue; }
      switch (f.code) {
        case 'C':
          try {
            out[i] = this.decoder.decode(buf, s, e);
          } catch (err) {
            if (err instanceof DecodeError) err.field = f.name;
            throw err;
          }
          break;
        case 'N': case 'F': case 'I': case 'O': {
          const text = buf.toString('latin1', s, e);
          if (text[0] === '*' || text === '.') { out[i] = null; break; }
          if (f.type === 'INTEGER' && e - s > 15) {
            // 18-digit 标识码 stored as N(18,0): beyond 2^53 a double would change them.
            try {
              const big = BigInt(text.replace(/^\+/, ''));
              out[i] = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
            } catch {
              out[i] = Number(text);
            }
            break;
          }
          const v = Number(text);
          out[i] = Number.isFinite(v) ? v : null;
          break;
        }
        case 'L': {
          const c = String.fromCharCode(buf[s]!).toUpperCase();
          out[i] = 'YT'.includes(c) ? 1 : 'NF'.includes(c) ? 0 : null;
          break;
        }
        case 'D': {
          const t = buf.toString('latin1', s, e);
          out[i] = /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t;
          break;
        }
        default:
          out[i] = this.decoder.decode(buf, s, e);
      }
    }
    return out;
  }
}

function fieldType(code: string, length: number, decimals: number): FieldType {
  if (code === 'N' || code === 'F' || code === 'I' || code === 'O') {
    if (code === 'I') return 'INTEGER';
    return decimals === 0 && length < 19 && code !== 'F' ? 'INTEGER' : 'REAL';
  }
  if (code === 'L') return 'INTEGER';
  return 'TEXT';
}

/** Field bytes without the padding (spaces, NULs) around them. */
function trimmed(buf: Buffer, s: number, e: number): [number, number] {
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
  while (s < e && (buf[s] === 0x20 || buf[s] === 0)) s++;
  return [s, e];
}

// ---- Writer ---------------------------------------------------------------------------------------------------------

export interface DbfOutField { name: string; type: FieldType }

/**
 * DBF field names: at most 10 bytes in the file's encoding, upper-case ASCII kept as it is, unique. A truncated
 * name that collides with another gets a numeric suffix (DLMC_LONG_1, DLMC_LON_2 …) as GDAL does.
 */
export function dbfFieldNames(names: string[], encoding: TextEncodingId): string[] {
  const used = new Set<string>();
  const out: string[] = [];
  const cut = (s: string, maxBytes: number) => {
    let r = '';
    for (const ch of s) {
      if (encodeText(r + ch, encoding).length > maxBytes) break;
      r += ch;
    }
    return r;
  };
  for (const raw of names) {
    const clean = raw.replace(/[\s\u0000]/g, '_') || 'FIELD';
    let name = cut(clean, 10);
    for (let i = 1; used.has(name.toUpperCase()); i++) {
      const suffix = `_${i}`;
      name = cut(clean, 10 - suffix.length) + suffix;
    }
    used.add(name.toUpperCase());
    out.push(name);
  }
  return out;
}

interface Layout { width: number; decimals: number; code: 'C' | 'N' }

/** Chooses widths from the data: text as long as the longest value (in bytes), numbers with the digits they need. */
export function dbfLayout(fields: DbfOutField[], rows: Iterable<DbfValue[]>, encoding: TextEncodingId): Layout[] {
  const lay: Layout[] = fields.map((f) => (f.type === 'TEXT' ? { code: 'C', width: 1, decimals: 0 } : { code: 'N', width: 1, decimals: 0 }));
  const realMaxInt = fields.map(() => 1);
  for (const row of rows) {
    for (let i = 0; i < fields.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      const f = fields[i]!;
      if (f.type === 'TEXT') {
        lay[i]!.width = Math.min(254, Math.max(lay[i]!.width, encodeText(String(v), encoding).length));
      } else if (f.type === 'INTEGER') {
        lay[i]!.width = Math.max(lay[i]!.width, String(v).length);
      } else {
        const n = Number(v);
        const intDigits = Number.isFinite(n) ? String(Math.trunc(Math.abs(n))).length + (n < 0 ? 1 : 0) : 1;
        realMaxInt[i] = Math.max(realMaxInt[i]!, intDigits);
      }
    }
  }
  fields.forEach((f, i) => {
    if (f.type === 'REAL') {
      // 24 characters as GDAL writes reals; as many decimals as fit (15 for values below 10⁸), at least 3.
      const decimals = Math.max(3, Math.min(15, 24 - 1 - realMaxInt[i]!));
      lay[i] = { code: 'N', width: Math.max(24, realMaxInt[i]! + 1 + decimals), decimals };
    } else if (f.type === 'INTEGER') {
      lay[i]!.width = Math.min(19, Math.max(lay[i]!.width, 9));
    }
  });
  return lay;
}

export class DbfWriter {
  private readonly names: Buffer[];
  readonly recordLength: number;
  private count = 0;

  constructor(private readonly fields: DbfOutField[], names: string[], private readonly layout: Layout[], private readonly encoding: TextEncodingId) {
    this.names = names.map((n) => encodeText(n, encoding));
    this.recordLength = 1 + layout.reduce((s, l) => s + l.width, 0);
  }

  header(count: number): Buffer {
    const headerLength = 32 + 32 * this.fields.length + 1;
    const h = Buffer.alloc(headerLength);
    const now = new Date();
    h[0] = 0x03;
    h[1] = now.getFullYear() - 1900;
    h[2] = now.getMonth() + 1;
    h[3] = now.getDate();
    h.writeUInt32LE(count, 4);
    h.writeUInt16LE(headerLength, 8);
    h.writeUInt16LE(this.recordLength, 10);
    h[29] = this.encoding === 'utf8' ? 0x00 : 0x4d;
    this.fields.forEach((_, i) => {
      const at = 32 + i * 32;
      this.names[i]!.copy(h, at, 0, Math.min(10, this.names[i]!.length));
      h[at + 11] = this.layout[i]!.code.charCodeAt(0);
      h[at + 16] = this.layout[i]!.width;
      h[at + 17] = this.layout[i]!.decimals;
    });
    h[headerLength - 1] = 0x0d;
    return h;
  }

  record(values: DbfValue[]): Buffer {
    const r = Buffer.alloc(this.recordLength, 0x20);
    let at = 1;
    this.count++;
    values.forEach((v, i) => {
      const l = this.layout[i]!;
      if (v !== null && v !== undefined) {
        if (l.code === 'C') {
          let bytes = encodeText(String(v), this.encoding);
          if (bytes.length > l.width) {
            // Cut whole characters, never half of a GBK or UTF-8 sequence.
            let text = String(v);
            while (bytes.length > l.width) { text = [...text].slice(0, -1).join(''); bytes = encodeText(text, this.encoding); }
          }
          bytes.copy(r, at, 0, l.width);
        } else {
          let text: string;
          if (this.fields[i]!.type === 'INTEGER') text = typeof v === 'bigint' ? v.toString() : String(Math.trunc(Number(v)));
          else {
            const n = Number(v);
            text = Number.isFinite(n) ? n.toFixed(l.decimals) : '';
          }
          if (text.length > l.width) text = Number(v).toPrecision(Math.max(1, l.width - 7));
          r.write(text.padStart(l.width, ' '), at, 'latin1');
        }
      }
      at += l.width;
    });
    return r;
  }
}
