// A transport moves one call or one event stream; validation and typing live in client.ts, on top of it.
export interface Transport {
  /** Resolves to the method's raw result; rejects with a ContractError. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Raw event payloads by event name; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}
