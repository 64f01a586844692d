// One writer per workspace: a lock file beside it names the owning process. SQLite's own locks would let two
// instances interleave edits; this refuses the second instance up front with a message naming the first.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import { WorkbenchError } from '../errors.js';

interface LockOwner { pid: number; host: string; since: string }

export function lockPathFor(workspacePath: string): string {
  return `${workspacePath}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

export class WorkspaceLock {
  private constructor(readonly file: string) {}

  static acquire(workspacePath: string): WorkspaceLock {
    const file = lockPathFor(workspacePath);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
        closeSync(fd);
        return new WorkspaceLock(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = readOwner(file);
        const stale = owner && owner.host === os.hostname() && !alive(owner.pid);
        if (stale || owner === undefined) {
          // A crashed instance left it behind (or it is half-written garbage): take it over.
          try { unlinkSync(file); } catch { /* raced with another taker */ }
          continue;
        }
        throw new WorkbenchError(
          'LOCKED',
          `工作空间已在另一个实例中打开 / The workspace is open in another instance (pid ${owner.pid} on ${owner.host} since ${owner.since}). ` +
            'Close it there first.',
          workspacePath,
        );
      }
    }
    throw new WorkbenchError('LOCKED', `Could not lock ${workspacePath}`, workspacePath);
  }

  release(): void {
    try {
      const owner = readOwner(this.file);
      if (owner?.pid === process.pid) unlinkSync(this.file);
    } catch { /* already gone */ }
  }
}
