/**
 * The commands main.ts registers, for the launcher, which names each command's code cache after
 * one without loading commander. A command missing here shares the `ghpkg` cache: slower, never
 * wrong; a test compares this list with `ghpkg --help`.
 */
export const COMMAND_NAMES = [
  "validate",
  "plan",
  "apply",
  "import",
  "list",
  "check",
  "undo",
  "sandbox",
] as const;
