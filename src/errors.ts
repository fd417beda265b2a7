/** Where in a spec file a problem sits, 1-based as editors count. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Problem extends Position {
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/**
 * A problem the user can act on: the CLI prints its message as one line and exits 1.
 * Anything that is not a UserError is a bug and only shows a stack trace with --verbose.
 */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** Every problem found in the spec, all at once: a spec with any of them changes nothing. */
export class SpecError extends UserError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}
