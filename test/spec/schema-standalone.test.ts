import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compileSpecValidator } from "../../scripts/spec-validator.js";
import validateSpec from "../../src/spec/generated/validate-spec.cjs";
import { parseSpecFile } from "../../src/spec/parse.js";
import { findSpecFiles } from "../../src/spec/find.js";
import type { Problem } from "../../src/spec/problem.js";
import { checkSchema } from "../../src/spec/schema.js";
import { ROOT } from "../helpers/cli.js";

// The validator generated at build time must be Ajv's runtime-compiled one in all but speed:
// the same errors, with the same fields, in the same order, so every message stays identical.
describe("the generated spec validator", () => {
  const compiled = compileSpecValidator();
  const found: Problem[] = [];
  const files = findSpecFiles(
    ["test/fixtures/invalid", "test/fixtures/duplicate", "examples"].map((dir) => join(ROOT, dir)),
    found,
  );
  const parsed = files.flatMap((path) => parseSpecFile(path, []) ?? []);

  it("sees every fixture and example", () => {
    assert.deepEqual(found, []);
    assert.ok(parsed.length >= 25, `${parsed.length} files`);
    assert.ok(
      parsed.filter((file) => !validateSpec(file.data)).length >= 10,
      "enough schema errors to compare",
    );
  });

  for (const file of parsed)
    it(`errs as Ajv does on ${file.path}`, () => {
      assert.equal(validateSpec(file.data), compiled(file.data));
      assert.deepEqual(validateSpec.errors ?? null, compiled.errors ?? null);
      assert.deepEqual(checkSchema(file), checkSchema(file, compiled));
    });

  const documents: unknown[] = [
    null,
    [],
    "text",
    {},
    { version: 2, owner: 5, packages: "x" },
    { version: 1, owner: "a--b", packages: [{ type: "pip", name: "" }], extra: true },
    {
      version: 1,
      owner: "o",
      packages: [{ type: "npm", name: "n", keep: [{}], delete: {}, unmatched: "x" }],
    },
    { version: 1, owner: "o", packages: [{ type: "npm", name: "n", keep: [{ id: "1", newest: 0 }] }] },
  ];
  for (const data of documents)
    it(`errs as Ajv does on ${JSON.stringify(data)}`, () => {
      assert.equal(validateSpec(data), compiled(data));
      assert.deepEqual(validateSpec.errors ?? null, compiled.errors ?? null);
    });
});
