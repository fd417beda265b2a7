import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTOR_FIELDS } from "../../src/select/selector.js";
import { ROOT } from "../helpers/cli.js";

// One list of selector fields (src/select/selector.ts): the schema, the messages and the docs follow it.
describe("the selector fields are one list", () => {
  it("the JSON Schema's selector has exactly these fields, each documented with a description", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas/ghpkg.schema.json"), "utf8")) as {
      $defs: { selector: { properties: Record<string, { description?: string }> } };
    };
    const properties = schema.$defs.selector.properties;
    assert.deepEqual(Object.keys(properties).sort(), [...SELECTOR_FIELDS].sort());
    for (const field of SELECTOR_FIELDS)
      assert.ok(properties[field]?.description, `${field} has a description`);
  });

  it("the README's selector table names each field", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const field of SELECTOR_FIELDS)
      assert.match(readme, new RegExp(`^\\|.*\`${field}[:\` ]`, "m"), field);
  });
});
