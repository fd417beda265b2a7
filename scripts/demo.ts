import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../src/sandbox/server.js";
import { loadSandboxState } from "../src/sandbox/state.js";

// The main job, with no token and no network: plan the bundled examples against the bundled
// sandbox state, served on loopback by this process.
const cli = fileURLToPath(new URL("../bundle/cli/ghpkg.cjs", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));
const sandbox = await startSandbox({
  state: loadSandboxState(`${root}examples/sandbox-state.json`, Date.now()),
});
const args = process.argv.slice(2);
// The sandbox is the registry too: manifests tell which untagged versions are images' children.
const command = ["--registry-url", sandbox.url, ...(args.length > 0 ? args : ["plan", "-f", "examples/"])];
const child = spawn(process.execPath, [cli, ...command], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, GITHUB_API_URL: sandbox.url, GITHUB_TOKEN: "sandbox" },
});
child.on("close", (code) => {
  void sandbox.close().then(() => (process.exitCode = code ?? 1));
});
