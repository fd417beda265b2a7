import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { Sandbox } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";

// GitHub's own description of its API: the sandbox must not drift from the real shapes.
const require = createRequire(import.meta.url);
const openapi = JSON.parse(
  readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.deref.json"), "utf8"),
) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};

function responseSchema(path: string, method: string, status: string): object {
  const schema = openapi.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
  assert.ok(schema, `${method} ${path} ${status} is described`);
  return schema;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

let s: Sandbox;
before(async () => {
  const list = versions(3, { tags: (i) => (i === 0 ? ["latest"] : []) });
  list[2] = { ...list[2]!, deleted_at: new Date().toISOString() };
  s = await sandbox([
    pkg("container", "web", list),
    pkg("docker", "old", versions(1, { firstId: 9, tags: () => ["v1"] })),
  ]);
});
after(() => s.close());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${s.url}${path}`, { headers: { authorization: `token ${TOKEN}` } });
  return { status: response.status, body: await response.json() };
}

describe("the sandbox answers as GitHub's OpenAPI description says", () => {
  const cases: [string, string, string][] = [
    ["/user", "/user", "200"],
    ["/users/octocat/packages?package_type=container", "/users/{username}/packages", "200"],
    [
      "/users/octocat/packages/container/web/versions",
      "/users/{username}/packages/{package_type}/{package_name}/versions",
      "200",
    ],
    [
      "/users/octocat/packages/docker/old/versions",
      "/users/{username}/packages/{package_type}/{package_name}/versions",
      "200",
    ],
    [
      "/user/packages/container/web/versions?state=deleted",
      "/user/packages/{package_type}/{package_name}/versions",
      "200",
    ],
    [
      "/users/octocat/packages/container/web/versions/1",
      "/users/{username}/packages/{package_type}/{package_name}/versions/{package_version_id}",
      "200",
    ],
  ];
  for (const [url, path, status] of cases) {
    it(`GET ${url}`, async () => {
      const answer = await get(url);
      assert.equal(String(answer.status), status);
      const validate = ajv.compile(responseSchema(path, "get", status));
      assert.ok(validate(answer.body), JSON.stringify(validate.errors));
    });
  }

  it("errors carry GitHub's basic-error shape", async () => {
    const answer = await get("/users/octocat/packages/npm/none/versions");
    assert.equal(answer.status, 404);
    const validate = ajv.compile(
      responseSchema("/user/packages/{package_type}/{package_name}/versions", "get", "404"),
    );
    assert.ok(validate(answer.body), JSON.stringify(validate.errors));
  });
});
