// Messages between the worker pool and its worker threads. Cancellation is a shared flag: a worker busy in a
// synchronous SQLite loop cannot read messages, but it can read memory.
export interface TaskRequest {
  id: number;
  kind: string;
  params: unknown;
  cancelFlag: SharedArrayBuffer;
}

export type TaskReply =
  | { id: number; type: 'progress'; fraction: number; message: string }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; error: { code: string; message: string; subject?: string } };

export interface TaskContext {
  isCancelled(): boolean;
  progress(fraction: number, message: string): void;
}
