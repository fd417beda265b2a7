/**
 * A path from the working directory as plans, lists and errors show it. A file's name is anyone's
 * who can commit: control characters (C0, C1, DEL) and bidirectional controls are escaped, so
 * that a name cannot hide or fake a line on a terminal, and a backtick too, so that it cannot end
 * the code span a Markdown plan shows a reason in (and so form a link).
 */
export function shownPath(path: string): string {
  return path.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this finds
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069`]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
