import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { imageReferences, imageScanner } from "../../src/usage/image-references.js";

const D = "0123456789abcdef".repeat(4); // 64 hex digits
const D2 = "fedcba9876543210".repeat(4);

/** What a reference says, without where: `o/web:v1`, `o/web@sha256:…`. */
const said = (text: string, host = "ghcr.io") =>
  imageReferences(text, host).map(
    (r) => `${r.repository}${r.tag ? `:${r.tag}` : ""}${r.digest ? `@${r.digest}` : ""}`,
  );

describe("image references in text", () => {
  const cases: [string, string, string[], string?][] = [
    // Formats: each reads as text, not as its format.
    ["Kubernetes manifest", "spec:\n  containers:\n    - image: ghcr.io/o/web:v1\n", ["o/web:v1"]],
    ["quoted", `image: "ghcr.io/o/web:v1"\nother: 'ghcr.io/o/api:2.0'`, ["o/web:v1", "o/api:2.0"]],
    ["Helm values with one string", "image:\n  ref: ghcr.io/o/web:1.4.2 # pinned\n", ["o/web:1.4.2"]],
    [
      "Compose",
      "services:\n  web:\n    image: ghcr.io/o/web:latest\n    ports: ['80:80']\n",
      ["o/web:latest"],
    ],
    [
      "Dockerfile FROM",
      "FROM ghcr.io/o/base:3.19 AS build\nFROM --platform=$BUILDPLATFORM ghcr.io/o/web@sha256:" + D + "\n",
      ["o/base:3.19", `o/web@sha256:${D}`],
    ],
    ["workflow docker:// step", "steps:\n  - uses: docker://ghcr.io/o/tool:v2\n", ["o/tool:v2"]],
    ["Terraform", 'resource "x" "y" {\n  image = "ghcr.io/o/web:v1"\n}\n', ["o/web:v1"]],
    [
      "kubectl jsonpath list",
      `ghcr.io/o/web:v1 ghcr.io/o/web@sha256:${D} ghcr.io/o/api:v3`,
      ["o/web:v1", `o/web@sha256:${D}`, "o/api:v3"],
    ],
    ["JSON", `{"image":"ghcr.io/o/web:v1","x":["ghcr.io/o/web:v2"]}`, ["o/web:v1", "o/web:v2"]],
    ["start of the file", "ghcr.io/o/web:v1", ["o/web:v1"]],
    // Tag and digest: the digest is what is pulled.
    ["tag and digest", `ghcr.io/o/web:v1@sha256:${D}`, [`o/web@sha256:${D}`]],
    ["digest alone", `ghcr.io/o/web@sha256:${D2},`, [`o/web@sha256:${D2}`]],
    // Case: host, owner and name fold; tags do not.
    ["uppercase host, owner and name", "GHCR.IO/Octo/Web:V1", ["octo/web:V1"]],
    // Names with slashes, read whole.
    ["a name with /", "ghcr.io/o/repo/image:v1", ["o/repo/image:v1"]],
    [
      "a longer name is another package",
      "ghcr.io/o/web-api:v1 ghcr.io/o/web.x:v1",
      ["o/web-api:v1", "o/web.x:v1"],
    ],
    // Not references to this registry.
    ["docker.io", "docker.io/o/web:v1 index.docker.io/o/web:v1", []],
    ["another host", "quay.io/o/web:v1 gcr.io/o/web:v1", []],
    ["a longer host ending the same", "myghcr.io/o/web:v1 ghcr.io.evil.com/o/web:v1 x-ghcr.io/o/web:v1", []],
    ["a path on another registry", "docker.io/ghcr.io/o/web:v1 mirror.example/ghcr.io/o/web:v1", []],
    ["a port on the default host", "ghcr.io:443/o/web:v1", []],
    // No version named.
    ["no tag, no digest", "image: ghcr.io/o/web\nghcr.io/o/web:\n", []],
    ["owner only", "ghcr.io/o:v1", []],
    ["an empty part", "ghcr.io/o//web:v1 ghcr.io//o/web:v1", []],
    // Digests of the wrong length, or that go on.
    ["63 hex digits", `ghcr.io/o/web@sha256:${D.slice(1)} `, []],
    ["65 hex digits", `ghcr.io/o/web@sha256:${D}a `, []],
    ["a digest followed by more letters", `ghcr.io/o/web@sha256:${D}g`, []],
    ["upper-case hex", `ghcr.io/o/web@sha256:${D.toUpperCase()}`, []],
    ["another algorithm", `ghcr.io/o/web@sha512:${D}${D}`, []],
    ["a tag with a broken digest", `ghcr.io/o/web:v1@sha256:abc`, []],
    // Tags read whole.
    ["a tag that goes on", "ghcr.io/o/web:v1.2.3-rc_1 end", ["o/web:v1.2.3-rc_1"]],
    ["a tag ends at a quote or a comma", `"ghcr.io/o/web:v1",ghcr.io/o/web:v2'`, ["o/web:v1", "o/web:v2"]],
    ["a tag of 128 characters", `ghcr.io/o/web:${"a".repeat(128)} `, [`o/web:${"a".repeat(128)}`]],
    ["a tag of 129 characters", `ghcr.io/o/web:${"a".repeat(129)} `, []],
    ["a tag that cannot start with . or -", "ghcr.io/o/web:.v1 ghcr.io/o/web:-v1", []],
    ["a port, not a tag", "ghcr.io/o/web:5000/x", []],
    // A registry with a port (--registry-url http://127.0.0.1:8787).
    [
      "a host with a port",
      "127.0.0.1:8787/o/web:v1 127.0.0.1:8788/o/web:v2 127.0.0.1/o/web:v3",
      ["o/web:v1"],
      "127.0.0.1:8787",
    ],
    ["another host, case folded", "Registry.Example.COM/O/Web:v1", ["o/web:v1"], "registry.example.com"],
    // Bytes that are no text.
    ["binary around a reference", "\u0000\u00ff\u0001ghcr.io/o/web:v1\u0000", ["o/web:v1"]],
    ["UTF-8 around a reference", "déploiement: «ghcr.io/o/web:v1»", ["o/web:v1"]],
  ];
  for (const [title, text, expected, host] of cases)
    it(`${title}: ${expected.length === 0 ? "none" : expected.join(", ")}`, () => {
      assert.deepEqual(said(text, host), expected);
    });

  it("gives the line of each reference", () => {
    const found = imageReferences(
      "a\nb: ghcr.io/o/web:v1\n\n\nc: ghcr.io/o/web:v2 ghcr.io/o/web:v3\n",
      "ghcr.io",
      "f.yaml",
    );
    assert.deepEqual(
      found.map((r) => `${r.file}:${r.line} ${r.tag}`),
      ["f.yaml:2 v1", "f.yaml:5 v2", "f.yaml:5 v3"],
    );
  });
});

describe("scanning in chunks", () => {
  /** The same text fed in chunks of every size from 1 byte: the same references, on the same lines. */
  it("finds the same references wherever the chunks split", () => {
    const text = `x\nimage: ghcr.io/o/web:v1\n docker://ghcr.io/o/web@sha256:${D}\nmyghcr.io/o/web:no\nGHCR.io/O/Web:v2@sha256:${D2}\n`;
    const whole = imageReferences(text, "ghcr.io");
    assert.equal(whole.length, 3);
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      const scanner = imageScanner("ghcr.io", "");
      for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
      assert.deepEqual(scanner.end(), whole, `chunks of ${size}`);
    }
  });

  it("reads a file of one long line, a reference on either side of each chunk boundary", () => {
    const filler = "x ".repeat(600_000);
    const scanner = imageScanner("ghcr.io", "");
    const chunk = Buffer.from(`${filler}ghcr.io/o/web:v1 ${filler}`);
    for (let i = 0; i < 4; i++) scanner.push(chunk);
    const found = scanner.end();
    assert.equal(found.length, 4);
    assert.ok(found.every((r) => r.line === 1 && r.tag === "v1"));
  });

  it("reads a long run of path characters without a reference in it", () => {
    const text = `ghcr.io/${"a".repeat(5000)}/web:v1 ghcr.io/o/web:v2`;
    assert.deepEqual(said(text), ["o/web:v2"]);
  });
});
