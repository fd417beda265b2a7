/**
 * A problem the user can act on: the CLI prints its message as one line and exits 1.
 * Anything that is not a UserError is a bug and only shows a stack trace with --verbose.
 */
export class UserError extends Error {
  override readonly name: string = "UserError";
}
