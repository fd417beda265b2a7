import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// The main job on the bundled examples, with no token and no network.
const cli = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));
const result = spawnSync(process.execPath, [cli, "validate", "-f", "examples/"], {
  cwd: root,
  stdio: "inherit",
});
process.exitCode = result.status ?? 1;
