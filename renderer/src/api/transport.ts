// A transport moves one call or one event stream; validation and typing live in client.ts, on top of it.
export interface Transport {
  /** Resolves to the method's raw result; rejects with a ContractError. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Raw event payloads by event name; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /**
   * Paths on the core's machine for files the user dropped or chose in the page: Electron knows them, browser mode
   * uploads the bytes (one folder per call, so a shapefile's parts stay together).
   */
  filePaths?(files: File[], onProgress?: (fraction: number) => void): Promise<string[]>;
}
