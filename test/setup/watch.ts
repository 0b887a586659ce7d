// One graphql-ws subscription as a queue of its events, read one at a time with a timeout
// (the subscription tests' view of a real client).
import type { Client } from 'graphql-ws';

export type WatchEvent<D> = {
  data?: D | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
};

export class Watch<D = Record<string, unknown>> {
  private readonly queue: WatchEvent<D>[] = [];
  private waiting: ((e: WatchEvent<D> | 'done') => void) | null = null;
  done = false;
  /** Unsubscribes (graphql-ws `complete`; a lazy client closes its socket with its last subscription). */
  readonly stop: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe<D>({ query, variables }, {
      next: (e) => this.push(e as WatchEvent<D>),
      error: (err) => this.push({ errors: [{ message: String((err as Error).message ?? err), extensions: { code: 'SOCKET' } }] }),
      complete: () => { this.done = true; this.waiting?.('done'); },
    });
  }

  private push(e: WatchEvent<D>): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(e);
    } else this.queue.push(e);
  }

  /** The next event, 'done' once the subscription completed, or 'timeout' after `ms`. */
  next(ms = 5000): Promise<WatchEvent<D> | 'done' | 'timeout'> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.done) return Promise.resolve('done');
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting = null; resolve('timeout'); }, ms);
      this.waiting = (e) => { clearTimeout(timer); resolve(e); };
    });
  }
}
