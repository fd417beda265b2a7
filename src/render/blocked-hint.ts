import { WHY_LAST, WHY_LAST_TAGGED, WHY_TOO_OLD } from "../plan/plan.js";

// The plan's `why` is short and fixed, for scripts; a reader of the text or Markdown plan is also
// told what GitHub does and what they can do about it.
const HINTS = new Map([
  [WHY_LAST, "GitHub refuses to delete it (delete the package on GitHub if that is the intent)"],
  [WHY_LAST_TAGGED, "GitHub refuses to delete it (delete the package on GitHub if that is the intent)"],
  [WHY_TOO_OLD, "GitHub keeps deleted versions for 30 days and will not restore it"],
]);

/** Why an operation is blocked, as a reader is told it. */
export function explainBlocked(why: string): string {
  const hint = HINTS.get(why);
  return hint === undefined ? why : `${why}: ${hint}`;
}
