import type { Output } from "./output.js";

/** Ctrl-C: nothing new is sent; what is on the wire is awaited and journaled. */
export const INTERRUPTED_EXIT = 130;

/**
 * What Ctrl-C (SIGINT or SIGTERM) does during an apply. Before anything is sent, it ends the run at
 * once; once sending, the first stops new sends and the second ends the run at once. The journal's
 * lock goes however the run ends (journal/store.ts releases it on exit too).
 */
export interface Interrupts {
  /** From now on Ctrl-C stops sending rather than exiting: the signal it aborts. */
  sending(): AbortSignal;
  interrupted(): boolean;
  end(): void;
}

export function interrupts(output: Output): Interrupts {
  let stopSending: AbortController | undefined;
  let count = 0;
  const onSignal = () => {
    count++;
    if (stopSending && count === 1) {
      output.err(
        "stopping: nothing new is sent; what is on the wire is awaited and journaled (Ctrl-C again to quit now)",
      );
      stopSending.abort();
      return;
    }
    process.exit(INTERRUPTED_EXIT);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    sending: () => (stopSending ??= new AbortController()).signal,
    interrupted: () => count > 0,
    end() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
