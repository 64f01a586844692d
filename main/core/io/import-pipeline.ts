// The import on two threads: a reader thread (openSource → values, transformed SpatiaLite BLOBs, GEOS validity) and
// the pool worker that writes them in one transaction. Batches cross by postMessage with their buffers transferred;
// the reader waits (Atomics.wait on a shared counter) when it is more than a few batches ahead, so memory stays
// bounded whatever the file's size. On a 500,000-parcel 三调 shapefile this overlaps reading with writing (see
// docs/import-export.md for the figures).
import { Worker, type MessagePort } from 'node:worker_threads';
import type { ImportOptions, ImportResult } from '../../../shared/contract/io.js';
import { toErrorPayload, WorkbenchError } from '../errors.js';
import { resolveWorkerScript } from '../jobs/worker-pool.js';
import { ImportWriter, readForImport, type ImportBatch, type ImportContext, type ImportMeta, type ImportSummary, type WorkspaceFacts } from './import.js';

export const READER_ROLE = 'import-reader';
const AHEAD = 4;

type ReaderMessage =
  | { type: 'meta'; meta: ImportMeta }
  | { type: 'batch'; batch: ImportBatch }
  | { type: 'end'; summary: ImportSummary }
  | { type: 'error'; error: { code: string; message: string; subject?: string } };

export interface ReaderData { role: typeof READER_ROLE; opts: ImportOptions; ws: WorkspaceFacts; flow: SharedArrayBuffer }

/** The reader thread's body (worker.ts calls it when started with the reader role). */
export function runReaderThread(data: ReaderData, port: MessagePort | { postMessage(m: unknown, t?: ArrayBuffer[]): void }): void {
  const flow = new Int32Array(data.flow);
  const isCancelled = () => Atomics.load(flow, 2) === 1;
  let produced = 0;
  const post = (m: ReaderMessage, transfer: ArrayBuffer[] = []) => {
    port.postMessage(m, transfer);
    produced++;
    for (;;) {
      const consumed = Atomics.load(flow, 1);
      if (produced - consumed <= AHEAD || isCancelled()) break;
      Atomics.wait(flow, 1, consumed, 200);
    }
  };
  try {
    const reader = readForImport(data.opts, data.ws, isCancelled);
    for (;;) {
      const next = reader.next();
      if (next.done) { post({ type: 'end', summary: next.value }); break; }
      const item = next.value;
      if ('columns' in item) post({ type: 'meta', meta: item });
      else post({ type: 'batch', batch: item }, [item.blobs.buffer as ArrayBuffer, item.offsets.buffer as ArrayBuffer, item.rows.buffer as ArrayBuffer]);
      if (isCancelled()) break;
    }
  } catch (e) {
    port.postMessage({ type: 'error', error: toErrorPayload(e) } satisfies ReaderMessage);
  }
}

/** Runs an import with a reader thread; resolves with the committed result or rejects with nothing written. */
export function importWithReaderThread(workspacePath: string, opts: ImportOptions, ws: WorkspaceFacts, ctx: ImportContext): Promise<ImportResult> {
  const flow = new Int32Array(new SharedArrayBuffer(12));
  const reader = new Worker(resolveWorkerScript(), { workerData: { role: READER_ROLE, opts, ws, flow: flow.buffer } satisfies ReaderData });
  let writer: ImportWriter | null = null;
  let settled = false;
  return new Promise<ImportResult>((resolve, reject) => {
    const stopReader = () => {
      Atomics.store(flow, 2, 1);
      Atomics.notify(flow, 1);
      void reader.terminate();
    };
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      stopReader();
      try { writer?.close(); } catch { /* the rollback's own failure must not hide the cause */ }
      reject(e);
    };
    // A cancel must be heard while the writer waits for the reader, not only when a batch arrives.
    const poll = setInterval(() => {
      if (ctx.isCancelled()) fail(new WorkbenchError('CANCELLED', '导入已取消，工作空间未改变 / Import cancelled; the workspace is unchanged'));
    }, 100);
    reader.on('message', (m: ReaderMessage) => {
      if (settled) return;
      try {
        if (m.type === 'meta') {
          writer = new ImportWriter(workspacePath, m.meta, opts, ctx);
          writer.begin();
        } else if (m.type === 'batch') {
          writer!.write(m.batch);
        } else if (m.type === 'end') {
          const result = writer!.finish(m.summary);
          settled = true;
          writer!.close();
          clearInterval(poll);
          void reader.terminate();
          resolve(result);
          return;
        } else {
          throw new WorkbenchError(m.error.code as 'INTERNAL', m.error.message, m.error.subject);
        }
        Atomics.add(flow, 1, 1);
        Atomics.notify(flow, 1);
      } catch (e) {
        clearInterval(poll);
        fail(e);
      }
    });
    reader.on('error', (e) => { clearInterval(poll); fail(new WorkbenchError('INTERNAL', `import reader failed: ${e.message}`)); });
    reader.on('exit', (code) => {
      clearInterval(poll);
      if (!settled) fail(new WorkbenchError('INTERNAL', `import reader exited (code ${code}) before the end of the file`));
    });
  });
}
