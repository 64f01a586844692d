// Per-user state outside any workspace: the recent list and the user's working copy of the sample.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecentWorkspace } from '../../shared/contract/schemas.js';

const MAX_RECENT = 12;

export function defaultStateDir(): string {
  if (process.env.SANXIAN_STATE_DIR) return process.env.SANXIAN_STATE_DIR;
  const base = process.platform === 'win32' ? (process.env.APPDATA ?? os.homedir())
    : process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Application Support')
    : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'sanxian-workbench');
}

export class UserState {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private get recentFile(): string {
    return path.join(this.dir, 'recent.json');
  }

  recent(): RecentWorkspace[] {
    try {
      return JSON.parse(readFileSync(this.recentFile, 'utf8')) as RecentWorkspace[];
    } catch {
      return [];
    }
  }

  remember(entry: { path: string; name: string }): void {
    const list = [{ ...entry, openedAt: new Date().toISOString() }, ...this.recent().filter((r) => r.path !== entry.path)].slice(0, MAX_RECENT);
    const tmp = `${this.recentFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(list, null, 1));
    renameSync(tmp, this.recentFile);
  }
}
