import type { ErrorObject } from "ajv/dist/2020.js";
import type { Problem } from "./problem.js";
import { positionOf, type PathSegment, type SpecFile } from "./parse.js";
import { NAME_MESSAGES } from "./names.js";
import { closestWord } from "./suggest.js";
import validateSpec from "./generated/validate-spec.cjs";
import { SELECTOR_FIELDS } from "../select/selector.js";

/** A validator of schemas/ghpkg.schema.json: the one generated at build time, or (in its test) Ajv's own. */
export interface SpecValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null | undefined;
}

/** Checks a parsed file against schemas/ghpkg.schema.json; each problem points at the node at fault. */
export function checkSchema(file: SpecFile, validate: SpecValidator = validateSpec): Problem[] {
  if (validate(file.data)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    const path = error.instancePath.split("/").slice(1).map(decodeSegment);
    const { message, path: at, atKey } = explain(error, path);
    const problem = { ...positionOf(file, at, atKey), message };
    const key = `${problem.line}:${problem.column}:${message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

function decodeSegment(segment: string): PathSegment {
  const text = segment.replace(/~1/g, "/").replace(/~0/g, "~");
  return /^\d+$/.test(text) ? Number(text) : text;
}

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
};

/** Ajv's wording, turned into a sentence a user acts on. */
function explain(
  error: ErrorObject,
  path: PathSegment[],
): { message: string; path: PathSegment[]; atKey: boolean } {
  const last = path.at(-1);
  const field =
    typeof last === "string" ? `\`${last}\`` : typeof last === "number" ? `item ${last + 1}` : "the spec";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closestWord(key, allowed);
      const hint = guess ? ` (did you mean \`${guess}\`?)` : ` (allowed: ${allowed.join(", ")})`;
      return { message: `unknown key \`${key}\`${hint}`, path: [...path, key], atKey: true };
    }
    case "required":
      return { message: `missing required key \`${String(params.missingProperty)}\``, path, atKey: false };
    case "type": {
      const types = ([] as string[]).concat(params.type as string | string[]);
      const words = types.map((t) =>
        t === "array" && last === "id" ? "a list of whole numbers" : (TYPE_WORDS[t] ?? t),
      );
      return { message: `${field} must be ${words.join(" or ")}`, path, atKey: false };
    }
    case "enum":
      return {
        message: `${field} must be one of ${(params.allowedValues as unknown[]).join(", ")}`,
        path,
        atKey: false,
      };
    case "const":
      return { message: `${field} must be ${JSON.stringify(params.allowedValue)}`, path, atKey: false };
    case "minProperties":
      return {
        message: `a selector needs at least one field (${SELECTOR_FIELDS.join(", ")})`,
        path,
        atKey: false,
      };
    case "minimum":
      return { message: `${field} must be at least ${String(params.limit)}`, path, atKey: false };
    case "minLength":
      return { message: `${field} must not be empty`, path, atKey: false };
    case "minItems":
      return { message: `${field} must not be an empty list`, path, atKey: false };
    case "pattern":
      return {
        message:
          (NAME_MESSAGES as Record<string, string | undefined>)[String(last)] ??
          `${field} does not have the expected form`,
        path,
        atKey: false,
      };
    default:
      return { message: `${field} ${error.message ?? "is not valid"}`, path, atKey: false };
  }
}
