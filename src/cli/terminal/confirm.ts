import { createInterface } from "node:readline/promises";
import { InterruptedError, UserError } from "../../model/errors.js";

/** With no terminal there is nobody to ask: refuse before showing anything. */
export function assertCanAsk(input = process.stdin): void {
  if (!input.isTTY)
    throw new UserError(
      "refusing to apply without confirmation: there is no terminal to ask on; pass --yes to apply anyway",
    );
}

/** Asks on the terminal; anything but y or yes is no. */
export async function confirm(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<boolean> {
  const rl = createInterface({ input, output });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } catch (error) {
    // readline takes Ctrl-C at the prompt itself (no SIGINT reaches the process) and rejects.
    if ((error as Error).name === "AbortError")
      throw new InterruptedError("not applied: interrupted at the question; nothing was changed", {
        cause: error,
      });
    throw error;
  } finally {
    rl.close();
  }
}
