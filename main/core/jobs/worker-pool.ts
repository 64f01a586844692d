// A small pool of worker threads for long computations: progress is reported, and cancel sets a shared flag the
// task polls. One task per worker at a time; extra tasks queue.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../errors.js';
import type { TaskReply, TaskRequest } from './protocol.js';
import type { TaskKind, TaskParams, TaskResult } from './tasks.js';

export interface RunningTask<T> {
  result: Promise<T>;
  cancel(): void;
}

interface Pending {
  req: TaskRequest;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (fraction: number, message: string) => void;
}

/** dist/main/worker.cjs beside the bundle, or the built one when running from source (tests). */
export function resolveWorkerScript(): string {
  const candidates = [
    path.join(__dirname, 'worker.cjs'),
    path.resolve(__dirname, '..', '..', '..', 'dist', 'main', 'worker.cjs'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new WorkbenchError('INTERNAL', `worker script not built (run npm run build): looked in ${candidates.join(', ')}`);
  return found;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private all: Worker[] = [];

  constructor(private readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {}

  run<K extends TaskKind>(kind: K, params: TaskParams<K>, onProgress?: (fraction: number, message: string) => void): RunningTask<TaskResult<K>> {
    const cancelFlag = new SharedArrayBuffer(4);
    const req: TaskRequest = { id: this.nextId++, kind, params, cancelFlag };
    let pending!: Pending;
    const result = new Promise<TaskResult<K>>((resolve, reject) => {
      pending = { req, resolve: resolve as (v: unknown) => void, reject, onProgress };
    });
    this.queue.push(pending);
    this.pump();
    return {
      result,
      cancel: () => {
        Atomics.store(new Int32Array(cancelFlag), 0, 1);
        const i = this.queue.indexOf(pending);
        if (i >= 0) {
          this.queue.splice(i, 1);
          pending.reject(new WorkbenchError('CANCELLED', '已取消 / Cancelled'));
        }
      },
    };
  }

  private pump(): void {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      // A busy worker keeps the process alive (a CLI awaiting it must not exit); an idle one must not.
      worker.ref();
      worker.postMessage(job.req);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(resolveWorkerScript());
    this.all.push(worker);
    worker.on('message', (reply: TaskReply) => {
      const job = this.busy.get(worker);
      if (!job || job.req.id !== reply.id) return;
      if (reply.type === 'progress') {
        job.onProgress?.(reply.fraction, reply.message);
        return;
      }
      this.busy.delete(worker);
      this.idle.push(worker);
      worker.unref();
      if (reply.type === 'done') job.resolve(reply.result);
      else job.reject(new WorkbenchError(reply.error.code as 'INTERNAL', reply.error.message, reply.error.subject));
      this.pump();
    });
    worker.on('error', (e) => this.retire(worker, e));
    worker.on('exit', (code) => { if (code !== 0) this.retire(worker, new Error(`worker exited with code ${code}`)); });
    worker.unref();
    return worker;
  }

  private retire(worker: Worker, e: unknown): void {
    this.all = this.all.filter((w) => w !== worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    job?.reject(new WorkbenchError('INTERNAL', `worker failed: ${(e as Error).message ?? e}`));
    this.pump();
  }

  async close(): Promise<void> {
    const workers = this.all;
    this.all = [];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
