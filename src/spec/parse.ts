import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, isAbsolute } from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from "yaml";
import type { Position, Problem } from "./problem.js";

/** One spec file, parsed, with what it takes to point at any of its nodes. */
export interface SpecFile {
  readonly path: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly data: unknown;
}

export type PathSegment = string | number;

// An alias bomb ("billion laughs") expands exponentially; real specs need a handful of aliases at most.
const MAX_ALIAS_COUNT = 100;

/**
 * Expands paths (files, and folders: every *.yaml/*.yml below, sorted) into spec files. Hidden files
 * and folders are passed over: a repository's .github/ holds workflows, not specs.
 */
export function findSpecFiles(paths: readonly string[], problems: Problem[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      problems.push({ file: path, line: 1, column: 1, message: "no such file or directory" });
      continue;
    }
    if (!isDirectory) {
      found.push(path);
      continue;
    }
    const inside = (readdirSync(path, { recursive: true, withFileTypes: false }) as string[])
      .filter((entry) => /\.ya?ml$/.test(entry) && !entry.split(/[\\/]/).some((part) => part.startsWith(".")))
      .map((entry) => join(path, entry))
      .filter((file) => statSync(file).isFile())
      .sort();
    if (inside.length === 0)
      problems.push({ file: path, line: 1, column: 1, message: "the folder holds no *.yaml or *.yml file" });
    found.push(...inside);
  }
  return [...new Set(found)];
}

/** Reads and parses one file; syntax problems are pushed and yield undefined. */
export function parseSpecFile(path: string, problems: Problem[]): SpecFile | undefined {
  const shown = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    problems.push({
      file: shown,
      line: 1,
      column: 1,
      message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    });
    return undefined;
  }
  return parseSpecText(text, shown, problems);
}

/** Parses a spec's text, named `shown` in problems; syntax problems are pushed and yield undefined. */
export function parseSpecText(text: string, shown: string, problems: Problem[]): SpecFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const syntax = [...doc.errors, ...doc.warnings];
  for (const error of syntax) {
    const at = lines.linePos(error.pos[0]);
    problems.push({
      file: shown,
      line: at.line,
      column: at.col,
      message: yamlMessage(error.code, error.message),
    });
  }
  if (syntax.length > 0) return undefined;
  if (doc.contents === null) {
    problems.push({
      file: shown,
      line: 1,
      column: 1,
      message: "the file is empty; a spec needs `version`, `owner` and `packages`",
    });
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    problems.push({
      file: shown,
      line: 1,
      column: 1,
      message: `cannot read the YAML: ${(error as Error).message}`,
    });
    return undefined;
  }
  return { path: shown, doc, lines, data };
}

function yamlMessage(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "this key appears twice in the same mapping";
  if (code === "MULTIPLE_DOCS")
    return "a spec file holds one YAML document; split the others into files of their own";
  return `YAML syntax: ${message.split("\n")[0] ?? message}`;
}

/** Paths print relative to the working directory, as users typed them. */
function displayPath(path: string): string {
  return isAbsolute(path) ? relative(process.cwd(), path) || path : path;
}

/**
 * The position of the node at `path`; with `atKey`, of the mapping key that holds it (for an
 * unknown key, the key is the fault). Falls back to the nearest existing ancestor.
 */
export function positionOf(file: SpecFile, path: readonly PathSegment[], atKey = false): Position {
  let node: unknown = file.doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      keyNode = undefined;
      node = node.items[segment];
    } else break;
  }
  const target = (atKey && keyNode) || (node as Node | null) || keyNode;
  const offset = target?.range?.[0] ?? 0;
  const at = file.lines.linePos(offset);
  return { file: file.path, line: at.line, column: at.col };
}
