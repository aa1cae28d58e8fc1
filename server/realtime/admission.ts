/**
 * Socket authentications in arrival order, a few at a time. In a connect storm (a restart, a
 * deploy) thousands of sockets present their tokens within seconds; started all at once, their
 * token checks, session reads and subscriptions interleave and every one of them finishes late.
 * Admitted a few at a time, the first to arrive are the first served, and the queue's length
 * says how far behind the instance is.
 */
export interface Admission {
  /** Runs `task` once a slot is free; slots go in arrival order. */
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly waiting: number;
}

export function createAdmission(concurrency: () => number): Admission {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    // The slot passes straight to the next in line, so `running` does not change.
    if (next) next();
    else running--;
  };
  return {
    async run(task) {
      if (running < Math.max(1, concurrency())) running++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get waiting() {
      return queue.length;
    },
  };
}
