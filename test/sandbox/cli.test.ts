import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { runCli, startCli } from "../helpers/cli.js";
import { pkg, state, TOKEN, versions } from "../helpers/sandbox.js";
import { call } from "./http.js";

// `ghpkg sandbox` as a user runs it: flags, the request log and the counters path.
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGTERM");
});

/** Starts the CLI's sandbox on a free port; resolves with its URL once it listens. */
async function serve(args: string[]): Promise<{ url: string; child: ChildProcess; done: Promise<unknown> }> {
  const { child, result } = startCli(["sandbox", "--port", "0", ...args]);
  started.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    void result.then((r) => reject(new Error(`sandbox exited: ${r.stderr}`)));
  });
  return { url, child, done: result };
}

describe("ghpkg sandbox", () => {
  it("--log writes one JSON line per request; counters are served; --org makes an organisation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-sandbox-"));
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify(state([pkg("npm", "lib", versions(3))])));
    const log = join(dir, "requests.jsonl");
    const { url, child, done } = await serve(["--state", stateFile, "--log", log, "--org", "acme:octocat"]);
    assert.equal(((await call(url, "/users/acme")).body as { type: string }).type, "Organization");
    assert.equal((await call(url, "/user/packages/npm/lib/versions", { token: TOKEN })).status, 200);
    assert.equal(
      (await call(url, "/user/packages/npm/lib/versions/1", { token: TOKEN, method: "DELETE" })).status,
      204,
    );
    const counters = (await call(url, "/_sandbox/counters")).body as { requests: number; mutations: number };
    assert.equal(counters.requests, 3);
    assert.equal(counters.mutations, 1);
    child.kill("SIGTERM");
    await done;
    const lines = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map(({ method, path, status }) => [method, path, status]),
      [
        ["GET", "/users/acme", 200],
        ["GET", "/user/packages/npm/lib/versions", 200],
        ["DELETE", "/user/packages/npm/lib/versions/1", 204],
      ],
    );
    for (const line of lines) assert.equal(typeof line.duration_ms, "number");
  });

  it("--max-concurrent, --min-mutation-interval and --limit-status reach the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-sandbox-"));
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify(state([pkg("npm", "lib", versions(3))])));
    const { url } = await serve([
      "--state",
      stateFile,
      "--min-mutation-interval",
      "60000",
      "--limit-status",
      "429",
    ]);
    const remove = (id: number) =>
      call(url, `/user/packages/npm/lib/versions/${id}`, { token: TOKEN, method: "DELETE" });
    assert.equal((await remove(1)).status, 204);
    const limited = await remove(2);
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get("retry-after"));
  });

  it("--rate-limit and --now reach the server; POST /_sandbox/clock moves its clock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-sandbox-"));
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify(state([pkg("npm", "lib", versions(3))])));
    const { url } = await serve([
      "--state",
      stateFile,
      "--rate-limit",
      "1",
      "--limit-status",
      "429",
      "--now",
      "2026-11-24T10:00:00Z",
    ]);
    const list = () => call(url, "/user/packages/npm/lib/versions", { token: TOKEN });
    const first = await list();
    assert.equal(first.headers.get("x-ratelimit-reset"), String(Date.parse("2026-11-24T11:00:00Z") / 1000));
    assert.equal((await list()).status, 429);
    await call(url, "/_sandbox/clock", { method: "POST", body: '{"advance": "1h"}' });
    assert.equal((await list()).status, 200);
  });

  it("serves the bundled example state under /api/v3 as well", async () => {
    const { url } = await serve([]);
    const answer = await call(url, "/api/v3/users/octocat/packages/npm/lib/versions", { token: "any" });
    assert.equal(answer.status, 200);
  });

  for (const [args, message] of [
    [
      ["--state", "/nonexistent/state.json"],
      /^error: cannot read the sandbox state \/nonexistent\/state\.json \(ENOENT\)\n$/,
    ],
    [["--limit-status", "500"], /expected 403 or 429/],
    [["--org", "bad login"], /expected LOGIN or LOGIN:ADMIN,ADMIN/],
    [["--max-concurrent", "-1"], /expected a whole number/],
    [["--rate-limit", "0"], /expected a whole number of at least 1/],
  ] as const)
    it(`refuses ${args.join(" ")} in one line, exit 1`, async () => {
      const result = await runCli(["sandbox", ...args]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1);
    });
});
