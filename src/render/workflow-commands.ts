import { showControls, type Problem } from "../spec/problem.js";
import { escapeText } from "./escape.js";

/**
 * GitHub Actions reads every line a step prints as a possible workflow command: a line that starts with
 * `::` once leading whitespace is trimmed, or that holds `##[` anywhere (the older form). Text from a
 * spec or from GitHub must never do either, or whoever wrote it could set outputs, mask or annotate.
 */
const COMMAND_START = /^(\s*)::/;
const OLD_COMMAND = /##\[/g;

// The runner splits on \r as well as \n, so a lone \r starts a line too.
const LINE_BREAK = /(\r\n|\r|\n)/;

/** Makes text inert: a backslash before a line's leading `::` and inside every `##[`; nothing else changes. */
export function neutraliseCommands(text: string): string {
  if (!text.includes("::") && !text.includes("##[")) return text;
  return text
    .split(LINE_BREAK)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(COMMAND_START, "$1\\::").replace(OLD_COMMAND, "#\\#["),
    )
    .join("");
}

/** ghpkg's own annotation of a spec problem, so that pull requests show it inline. */
export function problemAnnotation(problem: Problem): string {
  return `::error file=${escapeProperty(problem.file)},line=${problem.line},col=${problem.column}::${escapeData(escapeText(showControls(problem.message)))}`;
}

/** An annotation with no position, for failures outside the spec. */
export function errorAnnotation(message: string): string {
  return `::error::${escapeData(message)}`;
}

export function warningAnnotation(message: string): string {
  return `::warning::${escapeData(message)}`;
}

// Inside a command, %, CR and LF (and in properties : and ,) are syntax.
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
