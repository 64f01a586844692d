// Worker-thread entry (bundled as dist/main/worker.cjs).
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../errors.js';
import { READER_ROLE, runReaderThread, type ReaderData } from '../io/import-pipeline.js';
import type { TaskReply, TaskRequest } from './protocol.js';
import { tasks, type TaskKind } from './tasks.js';

function transferables(value: unknown, out: ArrayBuffer[] = [], seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer as ArrayBuffer;
    if (!seen.has(buf) && buf.byteLength === value.byteLength) { seen.add(buf); out.push(buf); }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, out, seen);
  }
  return out;
}

// The reader half of an import (io/import-pipeline.ts) is started by an import task with this script and a role.
if ((workerData as ReaderData | null)?.role === READER_ROLE) runReaderThread(workerData as ReaderData, parentPort!);
else parentPort!.on('message', async (req: TaskRequest) => {
  const flag = new Int32Array(req.cancelFlag);
  let lastProgress = 0;
  const post = (reply: TaskReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(reply, transfer);
  const ctx = {
    isCancelled: () => Atomics.load(flag, 0) === 1,
    progress: (fraction: number, message: string) => {
      const now = Date.now();
      if (now - lastProgress < 100 && fraction < 1) return;
      lastProgress = now;
      post({ id: req.id, type: 'progress', fraction: Math.max(0, Math.min(1, fraction)), message });
    },
  };
  try {
    const task = tasks[req.kind as TaskKind] as (p: unknown, c: typeof ctx) => Promise<unknown>;
    if (!task) throw new Error(`unknown task ${req.kind}`);
    const result = await task(req.params, ctx);
    post({ id: req.id, type: 'done', result }, transferables(result));
  } catch (e) {
    const payload = toErrorPayload(e);
    if ((e as { code?: string }).code === 'CANCELLED') payload.code = 'CANCELLED';
    post({ id: req.id, type: 'error', error: payload });
  }
});
