// The page's handle on the training worker: typed send, and one listener for its messages.
import type { FromWorker, ToWorker } from './protocol.ts';

export class EngineClient {
  private readonly worker: Worker;

  constructor(onMessage: (m: FromWorker) => void) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'rnn-playground-engine' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
    this.worker.onerror = (e) => onMessage({ type: 'error', message: `The training worker failed: ${e.message}`, field: null, problem: null });
  }

  send(m: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }
}
