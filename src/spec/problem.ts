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
  return `${showControls(p.file)}:${p.line}:${p.column}: ${showControls(p.message)}`;
}

const CONTROL_NAMES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A problem is one line: a control character in a path or in spec text it quotes (a key, a pattern)
 * is shown as an escape, never printed.
 */
export function showControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this finds
    /[\u0000-\u001f\u007f-\u009f]/g,
    (ch) => CONTROL_NAMES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Every problem found in the spec, all at once: a spec with any of them changes nothing. */
export class SpecError extends UserError {
  override readonly name = "SpecError";
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}
