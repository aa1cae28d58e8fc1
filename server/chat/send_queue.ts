/**
 * A group-commit queue: items pushed while a batch is being processed wait and form the next
 * batch, processed in push order. The batch function answers each item on its own (a failing
 * item never fails the others); one batch runs at a time.
 */

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatchQueue<I, O> {
  push(item: I): Promise<O>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function createBatchQueue<I, O>(
  run: (items: I[]) => Promise<Settled<O>[]>,
  /** Caps a batch so one transaction never holds the write lock for too long. */
  maxBatch = 200,
): BatchQueue<I, O> {
  const waiting: Waiting<I, O>[] = [];
  let running = false;

  async function drain() {
    running = true;
    try {
      while (waiting.length) {
        const batch = waiting.splice(0, maxBatch);
        let results: Settled<O>[];
        try {
          results = await run(batch.map((w) => w.item));
        } catch (error) {
          results = batch.map(() => ({ ok: false, error }));
        }
        for (const [i, w] of batch.entries()) {
          const r = results[i];
          if (r?.ok) w.resolve(r.value);
          else w.reject(r ? r.error : new Error("batch answered fewer items than it was given"));
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    push(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!running) void drain();
      });
    },
  };
}
