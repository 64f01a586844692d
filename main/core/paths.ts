// Where things are, for a source checkout (main/core → root is two levels up), the bundle (dist/main → two levels)
// and the packaged app (resources beside app.asar).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SAMPLE_FILE = 'jintan-sample.sqlite';

export function appRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

function packagedResources(): string | undefined {
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  return rp && __dirname.includes('app.asar') ? rp : undefined;
}

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

export function bundledSamplePath(): string {
  const packaged = packagedResources();
  return packaged ? path.join(packaged, 'sample', SAMPLE_FILE) : path.join(appRoot(), 'resources', 'sample', SAMPLE_FILE);
}

export function dataDir(): string {
  const packaged = packagedResources();
  return packaged ? path.join(packaged, 'data') : path.join(appRoot(), 'resources', 'data');
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
