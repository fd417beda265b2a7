import { createInterface } from "node:readline/promises";
import { UserError } from "../model/errors.js";

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
  input = process.stdin,
  output = process.stderr,
): Promise<boolean> {
  const rl = createInterface({ input, output });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
