import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { stableId } from "../../src/sandbox/accounts.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { startSandbox } from "../../src/sandbox/server.js";
import {
  INSTALLATION_TOKEN,
  installationToken,
  organisation,
  pkg,
  state,
  TOKEN,
  versions,
} from "../helpers/sandbox.js";

// GitHub's own description of its API: the sandbox must not drift from the real shapes.
const require = createRequire(import.meta.url);
type Responses = Record<string, { content?: Record<string, { schema: object }> }>;
const openapi = JSON.parse(
  readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.deref.json"), "utf8"),
) as { paths: Record<string, Record<string, { responses: Responses }>> };

function responseSchema(path: string, method: string, status: string): object | undefined {
  return openapi.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

// GitHub's basic-error requires nothing; the sandbox promises `message` and `documentation_url`.
const BASIC_ERROR = {
  ...responseSchema(
    "/user/packages/{package_type}/{package_name}/versions/{package_version_id}",
    "delete",
    "403",
  ),
  required: ["message", "documentation_url"],
};

const MEMBER = "ghp_member0123456789";
const READ_ONLY = "ghp_readonly0123456789";
const NO_SCOPES = "ghp_noscopes0123456789";
let s: Sandbox;
before(async () => {
  const list = versions(3, { tags: (i) => (i === 0 ? ["latest"] : []) });
  list[2] = { ...list[2]!, deleted_at: new Date().toISOString() };
  s = await startSandbox({
    state: state(
      [
        pkg("container", "web", list),
        pkg("docker", "old", versions(1, { firstId: 9, tags: () => ["v1"] })),
        pkg("container", "app", versions(3, { firstId: 20, tags: () => ["v1"] }), "acme"),
        pkg("npm", "lib", versions(3, { firstId: 30 }), "acme"),
      ],
      {
        accounts: organisation("acme", ["octocat"]),
        tokens: {
          [TOKEN]: "octocat",
          [MEMBER]: "hubot",
          [READ_ONLY]: { login: "octocat", scopes: ["read:packages"] },
          [NO_SCOPES]: { login: "octocat", scopes: [] },
          ...installationToken(["acme/npm/lib"]),
        },
      },
    ),
  });
});
after(() => s.close());

interface Case {
  /** What is requested: `METHOD /path?query`. */
  readonly request: string;
  /** GitHub's OpenAPI path and the status expected. */
  readonly path: string;
  readonly status: number;
  readonly token?: string;
  readonly body?: string;
}

const V = "/{package_type}/{package_name}/versions";
const ONE = `${V}/{package_version_id}`;
const cases: Case[] = [
  { request: "GET /user", path: "/user", status: 200 },
  { request: "GET /user", path: "/user", status: 403, token: INSTALLATION_TOKEN },
  { request: "GET /user", path: "/user", status: 401, token: "ghp_wrong" },
  { request: "GET /users/octocat", path: "/users/{username}", status: 200 },
  { request: "GET /users/acme", path: "/users/{username}", status: 200 },
  { request: "GET /users/nobody", path: "/users/{username}", status: 404 },
  { request: "GET /orgs/acme", path: "/orgs/{org}", status: 200 },
  { request: "GET /orgs/octocat", path: "/orgs/{org}", status: 404 },
  { request: "GET /user/packages?package_type=container", path: "/user/packages", status: 200 },
  {
    request: "GET /users/octocat/packages?package_type=container",
    path: "/users/{username}/packages",
    status: 200,
  },
  {
    request: "GET /users/octocat/packages?package_type=npm",
    path: "/users/{username}/packages",
    status: 403,
    token: NO_SCOPES,
  },
  { request: "GET /orgs/acme/packages?package_type=npm", path: "/orgs/{org}/packages", status: 200 },
  {
    request: "GET /orgs/acme/packages?package_type=npm",
    path: "/orgs/{org}/packages",
    status: 401,
    token: "ghp_wrong",
  },
  {
    request: "GET /user/packages/container/web",
    path: "/user/packages/{package_type}/{package_name}",
    status: 200,
  },
  {
    request: "GET /users/octocat/packages/container/web",
    path: "/users/{username}/packages/{package_type}/{package_name}",
    status: 200,
  },
  {
    request: "GET /orgs/acme/packages/npm/lib",
    path: "/orgs/{org}/packages/{package_type}/{package_name}",
    status: 200,
  },
  {
    request: "GET /users/octocat/packages/container/web/versions",
    path: `/users/{username}/packages${V}`,
    status: 200,
  },
  {
    request: "GET /users/octocat/packages/docker/old/versions",
    path: `/users/{username}/packages${V}`,
    status: 200,
  },
  {
    request: "GET /users/octocat/packages/npm/none/versions",
    path: `/users/{username}/packages${V}`,
    status: 404,
  },
  {
    request: "GET /user/packages/container/web/versions?state=deleted",
    path: `/user/packages${V}`,
    status: 200,
  },
  {
    request: "GET /user/packages/container/web/versions",
    path: `/user/packages${V}`,
    status: 403,
    token: INSTALLATION_TOKEN,
  },
  {
    request: "GET /orgs/acme/packages/container/app/versions?state=deleted",
    path: `/orgs/{org}/packages${V}`,
    status: 200,
  },
  {
    request: "GET /orgs/acme/packages/container/app/versions?state=deleted",
    path: `/orgs/{org}/packages${V}`,
    status: 403,
    token: MEMBER,
  },
  {
    request: "GET /orgs/acme/packages/npm/lib/versions",
    path: `/orgs/{org}/packages${V}`,
    status: 200,
    token: INSTALLATION_TOKEN,
  },
  {
    request: "GET /users/octocat/packages/container/web/versions/1",
    path: `/users/{username}/packages${ONE}`,
    status: 200,
  },
  { request: "GET /user/packages/container/web/versions/1", path: `/user/packages${ONE}`, status: 200 },
  {
    request: "GET /orgs/acme/packages/container/app/versions/20",
    path: `/orgs/{org}/packages${ONE}`,
    status: 200,
  },
  {
    request: "DELETE /orgs/acme/packages/container/app/versions/21",
    path: `/orgs/{org}/packages${ONE}`,
    status: 403,
    token: MEMBER,
  },
  {
    request: "DELETE /orgs/acme/packages/container/app/versions/21",
    path: `/orgs/{org}/packages${ONE}`,
    status: 403,
    token: READ_ONLY,
  },
  {
    request: "DELETE /orgs/acme/packages/container/app/versions/99",
    path: `/orgs/{org}/packages${ONE}`,
    status: 404,
  },
  { request: "DELETE /user/packages/container/web/versions/3", path: `/user/packages${ONE}`, status: 404 },
  {
    request: "DELETE /users/octocat/packages/docker/old/versions/9",
    path: `/users/{username}/packages${ONE}`,
    status: 400,
  },
  {
    request: "POST /user/packages/container/web/versions/1/restore",
    path: `/user/packages${ONE}/restore`,
    status: 404,
  },
  {
    request: "POST /orgs/acme/packages/npm/lib/versions/30/restore",
    path: `/orgs/{org}/packages${ONE}/restore`,
    status: 401,
    token: "ghp_wrong",
  },
  // The id-based paths GitHub's Link headers point to answer what their named forms answer.
  {
    request: `GET /user/${stableId("octocat")}/packages/container/web/versions?per_page=1&page=2`,
    path: `/users/{username}/packages${V}`,
    status: 200,
  },
  {
    request: `GET /organizations/${stableId("acme")}/packages/npm/lib/versions?per_page=1&page=2`,
    path: `/orgs/{org}/packages${V}`,
    status: 200,
  },
  {
    request: `GET /organizations/${stableId("acme")}/packages?package_type=npm`,
    path: "/orgs/{org}/packages",
    status: 200,
  },
  {
    request: "POST /repos/octocat/app/issues/1/comments",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    status: 201,
    body: JSON.stringify({ body: "plan" }),
  },
  {
    request: "GET /repos/octocat/app/issues/1/comments",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    status: 200,
  },
  {
    request: "PATCH /repos/octocat/app/issues/comments/9000",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    status: 200,
    body: JSON.stringify({ body: "plan, again" }),
  },
];

describe("the sandbox answers as GitHub's OpenAPI description says", () => {
  for (const c of cases) {
    it(`${c.request} → ${c.status}${c.token && c.token !== TOKEN ? " (another token)" : ""}`, async () => {
      const [method = "GET", path = "/"] = c.request.split(" ");
      const response = await fetch(`${s.url}${path}`, {
        method,
        headers: { authorization: `token ${c.token ?? TOKEN}` },
        ...(c.body ? { body: c.body } : {}),
      });
      assert.equal(response.status, c.status);
      const body = await response.json();
      // Statuses GitHub's description leaves without a body schema (the refusals' 400) are basic errors.
      const schema =
        responseSchema(c.path, method.toLowerCase(), String(c.status)) ??
        (c.status >= 400 ? BASIC_ERROR : undefined);
      assert.ok(schema, `${method} ${c.path} ${c.status} is described`);
      const validate = ajv.compile(schema);
      assert.ok(validate(body), JSON.stringify(validate.errors));
      if (c.status >= 400)
        assert.ok(ajv.validate(BASIC_ERROR, body), "errors carry message and documentation_url");
    });
  }

  it("covers every package route GitHub describes for reading, deleting and restoring versions", () => {
    const served = new Set(cases.map((c) => `${c.request.split(" ")[0]} ${c.path}`));
    for (const owner of ["/user", "/users/{username}", "/orgs/{org}"])
      for (const route of [
        `GET ${owner}/packages${V}`,
        `GET ${owner}/packages${ONE}`,
        `GET ${owner}/packages/{package_type}/{package_name}`,
      ])
        assert.ok(served.has(route), route);
  });
});
