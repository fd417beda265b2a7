import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2E_NOW } from "../helpers/e2e.js";
import { APPLY, applyRig, type ApplyRig } from "../helpers/apply-run.js";
import type { Received } from "../helpers/proxy.js";
import { TOKEN } from "../helpers/sandbox.js";

let rig: ApplyRig | undefined;
afterEach(() => rig?.close());

/** Every form a server or proxy might echo the token in. */
const FORMS = [
  TOKEN,
  Buffer.from(`x-access-token:${TOKEN}`).toString("base64"),
  Buffer.from(`ghpkg:${TOKEN}`).toString("base64"),
  encodeURIComponent(`${TOKEN}/`),
];

/** An answer like a misconfigured proxy's: it echoes what was sent, credentials included. */
const echo = (received: Received) => ({
  status: 400,
  body: {
    message: `Bad request; you sent Authorization: ${String(received.headers.authorization)} basic=${FORMS[1]} alt=${FORMS[2]} url=${FORMS[3]}`,
  },
});

function assertNoToken(...texts: string[]) {
  for (const text of texts)
    for (const form of FORMS)
      assert.ok(!text.includes(form.slice(0, 30)), `leaked ${form.slice(0, 8)}… in:\n${text}`);
}

describe("the token never appears, whatever GitHub or a proxy sends back", () => {
  it("regression: a failure that echoes the Authorization header reaches neither the output nor the journal", async () => {
    rig = await applyRig({}, { answer: (r) => (r.method === "DELETE" ? echo(r) : undefined) });
    const result = await rig.cli(...APPLY, "--write-interval", "0");
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^failed: delete .*: Bad request; you sent Authorization: token \*\*\*/m);
    assertNoToken(result.stdout, result.stderr, readFileSync(rig.journalPath, "utf8"));
  });

  it("nor in the V8 code cache the CLI leaves in the user's cache folder", async () => {
    rig = await applyRig({}, { answer: (r) => (r.method === "DELETE" ? echo(r) : undefined) });
    const cache = mkdtempSync(join(tmpdir(), "ghpkg-v8-token-"));
    rig.env.GHPKG_COMPILE_CACHE = cache;
    await rig.cli("plan", "--now", E2E_NOW);
    await rig.cli(...APPLY, "--write-interval", "0");
    const files = readdirSync(cache);
    assert.deepEqual(files.map((name) => name.replace(/-[0-9a-f]{32}\.v8$/, "")).sort(), ["apply", "plan"]);
    for (const name of files) {
      const bytes = readFileSync(join(cache, name));
      assertNoToken(
        bytes.toString("latin1"),
        bytes.toString("utf16le"),
        bytes.subarray(1).toString("utf16le"),
      );
    }
  });

  it("nor when reading fails with such an answer", async () => {
    rig = await applyRig(
      {},
      { answer: (r) => (r.method === "GET" && r.path.includes("/versions") ? echo(r) : undefined) },
    );
    const result = await rig.cli("plan", "--now", E2E_NOW);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Authorization: token \*\*\*/);
    assertNoToken(result.stdout, result.stderr);
  });

  it("credentials in --api-url or --registry-url are refused before anything is sent, unprinted", async () => {
    rig = await applyRig();
    const withCredentials = rig.proxy.url.replace("http://", "http://octocat:hunter2secret@");
    for (const flag of ["--api-url", "--registry-url"]) {
      const result = await rig.cli(flag, withCredentials, ...APPLY, "--write-interval", "0");
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: the (API|registry) URL must not hold credentials/);
      assert.ok(!result.stderr.includes("hunter2secret") && !result.stdout.includes("hunter2secret"));
    }
    assert.equal(rig.proxy.mutations.length + rig.sandbox.requests.length, 0, "nothing was sent");
  });
});
