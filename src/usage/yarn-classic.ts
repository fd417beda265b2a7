import { UserError } from "../model/errors.js";
import type { NpmResolution } from "../model/usage.js";
import { isScoped, splitDescriptor } from "./npm-name.js";

/**
 * `yarn.lock` of Yarn 1 ("yarn lockfile v1"): its own indented format, not YAML. Each entry starts
 * at column 1 with the descriptors it resolves, comma-separated, each quoted as JSON or bare, and a
 * colon; its fields follow, indented, as `key value` (a value quoted as JSON or bare) or `key:` for
 * a nested block. Only an entry's own `version` matters here; nested blocks (`dependencies`) are
 * skipped by their indentation.
 */
export function yarnClassicResolutions(text: string, file: string): NpmResolution[] {
  const found: NpmResolution[] = [];
  let entry: { name: string; line: number } | undefined;
  let lineNumber = 0;
  for (const raw of text.split("\n")) {
    lineNumber++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const content = line.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    const indent = line.length - content.length;
    const fail = (what: string) =>
      new UserError(`${file}:${lineNumber}: not a yarn.lock as Yarn 1 writes it: ${what}`);
    if (indent === 0) {
      if (!content.endsWith(":")) throw fail("an entry must end with a colon");
      const descriptors = keyList(content.slice(0, -1), fail);
      const first = descriptors.map(splitDescriptor).find((d) => d !== undefined);
      entry = first ? { name: first.name, line: lineNumber } : undefined;
      continue;
    }
    if (entry === undefined || indent !== 2) continue;
    const field = /^("(?:[^"\\]|\\.)*"|[^\s:"]+)(?: +(.*))?$/.exec(content);
    if (!field) continue; // a nested block's key (`dependencies:`)
    if (unquote(field[1]!, fail) !== "version" || field[2] === undefined) continue;
    const version = unquote(field[2], fail);
    if (isScoped(entry.name)) found.push({ file, line: entry.line, name: entry.name.toLowerCase(), version });
  }
  return found;
}

/** `"@o/a@^1", "@o/a@^1.1"` or `a@^1, a@^1.1`. */
function keyList(text: string, fail: (what: string) => Error): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " ") i++;
    let end: number;
    if (text[i] === '"') {
      end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (end >= text.length) throw fail("a quoted descriptor is not closed");
      end++;
    } else {
      end = text.indexOf(",", i);
      if (end < 0) end = text.length;
    }
    keys.push(unquote(text.slice(i, end).trim(), fail));
    i = end;
    while (text[i] === " ") i++;
    if (i < text.length && text[i++] !== ",") throw fail("descriptors are separated by commas");
  }
  return keys;
}

function unquote(token: string, fail: (what: string) => Error): string {
  if (!token.startsWith('"')) return token;
  try {
    return JSON.parse(token) as string;
  } catch {
    throw fail(`${token} is not a quoted string`);
  }
}
