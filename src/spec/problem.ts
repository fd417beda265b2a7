import { UserError } from "../model/errors.js";

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

/** Every problem found in the spec, all at once: a spec with any of them changes nothing. */
export class SpecError extends UserError {
  override readonly name = "SpecError";
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}
