/**
 * The one bound on reads in flight for a whole run: every page of every listing and every manifest
 * waits its turn here, whichever package it belongs to, so the run keeps exactly `size` requests on
 * the wire (GitHub documents a hard cap of 100 concurrent requests). Mutations never wait here: apply
 * paces them itself (apply/dispatch.ts).
 */
export interface ReadPool {
  readonly size: number;
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A FIFO pool: a task starts in the same tick a slot frees, with no timer in between. */
export function readPool(size: number): ReadPool {
  const waiting: (() => void)[] = [];
  let head = 0;
  let running = 0;
  const release = () => {
    running--;
    const next = waiting[head];
    if (next === undefined) return;
    waiting[head++] = noop;
    // Compact now and then: a run may queue 100,000 manifests.
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    running++;
    next();
  };
  return {
    size,
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < size) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

const noop = () => undefined;
