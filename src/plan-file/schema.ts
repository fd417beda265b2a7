import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

export const PLAN_SCHEMA_PATH = new URL("../../../schemas/ghpkg-plan.schema.json", import.meta.url);

// Compiled on first use only: most commands never read a plan file, and compiling is the costly part.
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8")) as object,
  );
  return compiled;
}

/** What makes a document not a plan (schemas/ghpkg-plan.schema.json), one line each; empty when it is one. */
export function planSchemaProblems(document: unknown): string[] {
  const validate = validator();
  if (validate(document)) return [];
  const lines = (validate.errors ?? []).map(describe);
  return [...new Set(lines)];
}

function describe(error: ErrorObject): string {
  const at = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `${at}: unknown field \`${String(params.additionalProperty)}\``;
    case "unevaluatedProperties":
      return `${at}: unknown field \`${String(params.unevaluatedProperty)}\``;
    case "required":
      return `${at}: missing field \`${String(params.missingProperty)}\``;
    case "const":
      return `${at}: must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `${at}: must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
    default:
      return `${at}: ${error.message ?? "is not valid"}`;
  }
}

/** `/operations/0/version_id` → `operations[0].version_id`: how a reader finds it in the file. */
function jsonPath(pointer: string): string {
  if (pointer === "") return "the plan";
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}
