/**
 * A problem the user can act on: the CLI prints its message as one line and exits 1.
 * Anything that is not a UserError is a bug and only shows a stack trace with --verbose.
 */
export class UserError extends Error {
  override readonly name: string = "UserError";
}

/** The user stopped the run (Ctrl-C) before anything was sent: exit 130, as for an interrupted apply. */
export class InterruptedError extends UserError {
  override readonly name: string = "InterruptedError";
  readonly exitCode = 130;
}
