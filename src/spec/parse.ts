import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from "yaml";
import type { Position, Problem } from "./problem.js";
import { fsReason } from "../files/fs-reason.js";
import { firstInvalidUtf8 } from "./utf8.js";

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

/** Reads and parses one file; syntax problems are pushed and yield undefined. */
export function parseSpecFile(path: string, problems: Problem[]): SpecFile | undefined {
  const shown = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    problems.push({ file: shown, line: 1, column: 1, message: `cannot read the file: ${fsReason(error)}` });
    return undefined;
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    problems.push({ file: shown, ...lineAndColumn(bytes, bad), message: notUtf8(bytes[bad]) });
    return undefined;
  }
  const text = bytes.toString("utf8");
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

/**
 * Opened without blocking and checked once open: a path swapped for a FIFO or a device after the
 * folder walk checked it must not hang the run or stream forever.
 */
function readRegularFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new Error("not a regular file");
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

const notUtf8 = (byte: number | undefined) =>
  `the file is not valid UTF-8 (byte 0x${(byte ?? 0).toString(16).padStart(2, "0")} here); save it as UTF-8`;

/** 1-based, the column counted in characters of the valid text before it, as the YAML parser counts. */
function lineAndColumn(bytes: Buffer, offset: number): { line: number; column: number } {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return { line, column: bytes.subarray(lineStart, offset).toString("utf8").length + 1 };
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
