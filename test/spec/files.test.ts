import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

/** Spec paths as a careless or hostile repository lays them out: each gets one clear line, never a hang. */
const SPEC = "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n";
const asRoot = process.getuid?.() === 0;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "ghpkg-files-"));
}

async function validate(cwd: string, ...paths: string[]) {
  return runCli(["validate", ...paths.flatMap((p) => ["-f", p])], { cwd });
}

function assertRefused(result: { code: number | null; stderr: string }, ...lines: string[]): void {
  assert.equal(result.code, 1, result.stderr);
  const count = lines.length;
  assert.equal(
    result.stderr,
    `${lines.join("\n")}\n${count} ${count === 1 ? "problem" : "problems"} in the spec; nothing was changed\n`,
  );
}

describe("spec files and folders", () => {
  it("a symbolic link loop is reported once, and what lies inside is read once", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "specs", "team"), { recursive: true });
    writeFileSync(join(dir, "specs", "team", "a.yaml"), SPEC);
    symlinkSync("..", join(dir, "specs", "team", "loop"));
    const result = await validate(dir, "specs");
    assertRefused(
      result,
      "specs/team/loop:1:1: a symbolic link loop: this folder is specs, which is being read already",
    );
  });

  it("the same file named twice, or reached twice, is read once", async () => {
    const examples = await runCli(["validate", "-f", "examples/", "-f", "examples/ghpkg.yaml"]);
    assert.equal(examples.code, 0, examples.stderr);
    assert.equal(examples.stdout, "ok: 10 packages in 6 files\n");
    const dir = tempDir();
    mkdirSync(join(dir, "specs"));
    writeFileSync(join(dir, "specs", "a.yaml"), SPEC);
    symlinkSync("a.yaml", join(dir, "specs", "b.yaml"));
    symlinkSync("specs", join(dir, "alias"));
    const result = await validate(dir, "specs", "./specs/a.yaml", "alias", join(dir, "specs", "a.yaml"));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "ok: 1 package in 1 file\n");
  });

  it("folders linked to each other many times over are each read once", { timeout: 30_000 }, async () => {
    // 2^30 paths lead to the last folder; a walk that followed each of them would never end.
    const dir = tempDir();
    const depth = 30;
    for (let i = depth; i >= 0; i--) {
      mkdirSync(join(dir, `d${i}`));
      if (i < depth)
        for (const link of ["x", "y"]) symlinkSync(join(dir, `d${i + 1}`), join(dir, `d${i}`, link));
    }
    writeFileSync(join(dir, `d${depth}`, "a.yaml"), SPEC);
    const result = await validate(dir, "d0");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "ok: 1 package in 1 file\n");
  });

  it("a device is refused, naming it, and nothing is read from it", { timeout: 30_000 }, async () => {
    assertRefused(
      await validate(tempDir(), "/dev/zero"),
      "/dev/zero:1:1: not a regular file (a device); a spec is a YAML file or a folder of them",
    );
  });

  it("a FIFO is refused, naming it, without waiting for a writer", { timeout: 30_000 }, async () => {
    const dir = tempDir();
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    assertRefused(
      await validate(dir, "pipe.yaml"),
      "pipe.yaml:1:1: not a regular file (a FIFO); a spec is a YAML file or a folder of them",
    );
    mkdirSync(join(dir, "specs"));
    execFileSync("mkfifo", [join(dir, "specs", "pipe.yaml")]);
    writeFileSync(join(dir, "specs", "a.yaml"), SPEC);
    assertRefused(
      await validate(dir, "specs"),
      "specs/pipe.yaml:1:1: not a regular file (a FIFO); a spec is a YAML file or a folder of them",
    );
  });

  it("a spec that is not valid UTF-8 is refused at the line and column of the first bad byte", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "latin1.yaml"),
      Buffer.concat([Buffer.from("version: 1\nowner: oct"), Buffer.from([0xe9]), Buffer.from("cat\n")]),
    );
    assertRefused(
      await validate(dir, "latin1.yaml"),
      "latin1.yaml:2:11: the file is not valid UTF-8 (byte 0xe9 here); save it as UTF-8",
    );
  });

  it("a broken symbolic link is refused, naming it", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "specs"));
    writeFileSync(join(dir, "specs", "a.yaml"), SPEC);
    symlinkSync("gone.yaml", join(dir, "specs", "b.yaml"));
    assertRefused(await validate(dir, "specs"), "specs/b.yaml:1:1: no such file or directory (ENOENT)");
    symlinkSync("loop.yaml", join(dir, "loop.yaml"));
    assertRefused(await validate(dir, "loop.yaml"), "loop.yaml:1:1: a symbolic link loop (ELOOP)");
  });

  it(
    "an unreadable file or folder is refused, naming it",
    { skip: asRoot && "root reads everything" },
    async () => {
      const dir = tempDir();
      writeFileSync(join(dir, "secret.yaml"), SPEC);
      chmodSync(join(dir, "secret.yaml"), 0o000);
      mkdirSync(join(dir, "closed"));
      writeFileSync(join(dir, "closed", "a.yaml"), SPEC);
      chmodSync(join(dir, "closed"), 0o000);
      try {
        assertRefused(
          await validate(dir, "secret.yaml", "closed"),
          "closed:1:1: cannot read the folder: permission denied (EACCES)",
          "secret.yaml:1:1: cannot read the file: permission denied (EACCES)",
        );
      } finally {
        chmodSync(join(dir, "closed"), 0o755);
      }
    },
  );
});
