/**
 * Text from a spec or from GitHub (version names, tags, messages, paths) as a person is shown it.
 * Whoever can publish a version names it: a carriage return, a newline or an escape sequence would
 * let the name overwrite, add or colour a line of the plan a reviewer reads, and a bidirectional
 * override would show it reversed. So control characters (C0, DEL, C1), the bidirectional overrides,
 * isolates and marks, the Unicode line and paragraph separators, and lone surrogates (which a terminal
 * shows as nothing or as `�`) are written as visible escapes: `\r`, `\n`, `\t`, `\x1b`, `\u202e`.
 * Every renderer that shows such text, and the CLI's error lines, go through here. A backslash is left
 * as it is: it hides nothing.
 */
export function escapeText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/** The same, keeping line breaks: for ghpkg's own text of several lines that quotes such text. */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeText).join("\n");
}

// C0 and DEL and C1; ALM, LRM, RLM; LRE…RLO and PDF; LRI…PDI; LS, PS; a surrogate not in a pair.
const UNSAFE_SOURCE =
  "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const UNSAFE = new RegExp(UNSAFE_SOURCE);
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, "g");

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, "0");

/**
 * Text in a Markdown code span (a table cell too): escaped as above, each `|` as `\|` (GitHub's tables
 * split cells on it even in code), and fenced with more backticks than it holds in a row, so that no
 * backtick in a name can end the span and let what follows be read as Markdown (a link, an image).
 */
export function markdownCode(text: string): string {
  const shown = escapeText(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = shown.startsWith("`") || shown.endsWith("`") || shown === "" ? " " : "";
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * Text in Markdown prose (ghpkg's sentences that quote names): escaped as above, every character
 * Markdown or GitHub's HTML would act on backslash-escaped, and what GitHub would make a link of
 * without any (`https://…`, `www.…`, an e-mail address) broken up, so that text from outside never
 * becomes a link, an image, a heading or markup.
 */
export function markdownText(text: string): string {
  return escapeText(text)
    .replace(/[\\`*_{}[\]()<>#+!|~&]/g, "\\$&")
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/(www)\./gi, "$1\\.")
    .replace(/@/g, "\\@");
}

/** Text inside HTML that GitHub renders (`<summary><code>…</code>`): escaped as above, and as HTML. */
export function htmlText(text: string): string {
  return escapeText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
