// Random access to a file's bytes without holding the file in memory: shapefiles of a county are hundreds of MB
// (the .dbf of 500,000 三调 parcels is 693 MB). Readers ask for a record's bytes; a file source keeps one block of
// a few MB and refills it as the reader moves on, which for the sequential reads of an import is one read per block.
// A view is valid until the next call to view().
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  readonly length: number;
  view(offset: number, length: number): Buffer;
  close(): void;
}

export class BufferSource implements ByteSource {
  constructor(private readonly buf: Buffer) {}
  get length(): number { return this.buf.length; }
  view(offset: number, length: number): Buffer { return this.buf.subarray(offset, offset + length); }
  close(): void {}
}

const BLOCK = 8 * 1024 * 1024;

export class FileSource implements ByteSource {
  readonly length: number;
  private fd: number | null;
  private block = Buffer.alloc(0);
  private start = 0;
  private filled = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.length = fstatSync(this.fd).size;
  }

  view(offset: number, length: number): Buffer {
    if (offset >= this.start && offset + length <= this.start + this.filled) {
      return this.block.subarray(offset - this.start, offset - this.start + length);
    }
    if (this.fd === null) throw new Error('file source is closed');
    const size = Math.max(BLOCK, length);
    if (this.block.length < size) this.block = Buffer.allocUnsafe(size);
    const want = Math.max(0, Math.min(size, this.length - offset));
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.block, got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    this.start = offset;
    this.filled = got;
    return this.block.subarray(0, Math.min(length, got));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
