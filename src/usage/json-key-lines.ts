/**
 * The line of each object key that `wanted` asks for, by its path from the root (joined with NUL):
 * `JSON.parse` says what a lockfile holds but not where. One pass over text that `JSON.parse` has
 * already accepted, so it only tracks strings, nesting and newlines (JSON strings hold no newline).
 */
export function jsonKeyLines(
  text: string,
  wanted: (path: readonly string[]) => boolean,
): Map<string, number> {
  const lines = new Map<string, number>();
  // One entry per open object or array: the key being read in an object, "[]" in an array.
  const path: string[] = [];
  const inObject: boolean[] = [];
  let expectKey = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      path.push(c === 0x5b ? "[]" : "");
      inObject.push(c === 0x7b);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      path.pop();
      inObject.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) expectKey = inObject.at(-1) === true;
    else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const raw = text.slice(i, end + 1);
        path[path.length - 1] = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (wanted(path)) lines.set(path.join("\0"), line);
        expectKey = false;
      }
      i = end;
    }
  }
  return lines;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = text.indexOf('"', start + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return text.length;
}
