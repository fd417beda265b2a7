import { join } from "node:path";
import { ACTION_BUNDLE_DIR, ROOT, bundleAction } from "./action-bundle.js";

// `npm run build:action`: rebuilds the committed bundle that action.yml runs. Commit the result.
await bundleAction(join(ROOT, ACTION_BUNDLE_DIR));
console.log(`Bundled the Action into ${ACTION_BUNDLE_DIR}/ (main.mjs, cli.mjs); commit it.`);
