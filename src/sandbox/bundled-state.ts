import { fileURLToPath } from "node:url";

/**
 * The state `ghpkg sandbox` serves without --state: octocat's packages and the organisation octo-org.
 * This file sits as deep as the CLI's bundle (dist/bundle/cli/), so the path resolves in both.
 */
export const BUNDLED_STATE = fileURLToPath(new URL("../../../examples/sandbox-state.json", import.meta.url));
