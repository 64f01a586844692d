import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'sanxian-'): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A 1 km square (plus an offset) in EPSG:4528 around 金坛, as WKT. */
export function square(x0: number, y0: number, size = 1000): string {
  const X = 40_450_000 + x0, Y = 3_510_000 + y0;
  return `MULTIPOLYGON(((${X} ${Y}, ${X + size} ${Y}, ${X + size} ${Y + size}, ${X} ${Y + size}, ${X} ${Y})))`;
}
