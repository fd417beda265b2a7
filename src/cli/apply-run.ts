import { defaultJournalPath } from "../apply/journal.js";
import { acquireLock, lockPathFor, type Lock } from "../apply/lock.js";
import { escapeText } from "../render/escape.js";
import type { ConnectingContext } from "./connect.js";
import type { Output } from "./output.js";

/** Ctrl-C: nothing new is sent; what is on the wire is awaited and journaled. */
export const INTERRUPTED_EXIT = 130;

/**
 * One apply's hold on the world: the lock, and what Ctrl-C does. Before anything is sent, Ctrl-C
 * ends the run at once; once sending, the first stops new sends and the second ends the run at once.
 * The lock goes when the run ends, however it ends (an exit handler covers process.exit).
 */
export interface ApplyRun {
  hold(lock: Lock): void;
  /** From now on Ctrl-C stops sending rather than exiting: the signal it aborts. */
  sending(): AbortSignal;
  interrupted(): boolean;
  end(): void;
}

export function applyRun(output: Output): ApplyRun {
  let lock: Lock | undefined;
  let stopSending: AbortController | undefined;
  let interrupts = 0;
  const release = () => lock?.release();
  const onSignal = () => {
    interrupts++;
    if (stopSending && interrupts === 1) {
      output.err(
        "stopping: nothing new is sent; what is on the wire is awaited and journaled (Ctrl-C again to quit now)",
      );
      stopSending.abort();
      return;
    }
    release();
    process.exit(INTERRUPTED_EXIT);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", release);
  return {
    hold: (held) => void (lock = held),
    sending: () => (stopSending ??= new AbortController()).signal,
    interrupted: () => interrupts > 0,
    end() {
      release();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("exit", release);
    },
  };
}

/** The context apply connects through: the lock beside the journal is taken before anything is read. */
export function lockingContext(context: ConnectingContext, run: ApplyRun): ConnectingContext {
  const output = context.output();
  return {
    ...context,
    connect(settings) {
      const journalPath = settings.journalPath ?? defaultJournalPath([]);
      run.hold(
        acquireLock(lockPathFor(journalPath), { onNote: (note) => output.err(`note: ${escapeText(note)}`) }),
      );
      return context.connect(settings);
    },
  };
}
