import { UserError } from "../model/errors.js";

export const COMMANDS = ["validate", "plan", "apply"] as const;
export type ActionCommand = (typeof COMMANDS)[number];

/** The step's `with:` inputs, as action.yml declares them. */
export interface ActionInputs {
  readonly command: ActionCommand;
  readonly specs: readonly string[];
  /** The packages' token: given to ghpkg as GITHUB_TOKEN, and to nothing else. */
  readonly token: string;
  /** The token the pull-request comment is written with, and only that. */
  readonly githubToken: string;
  readonly apiUrl: string;
  readonly registryUrl: string;
  readonly args: readonly string[];
}

/**
 * GitHub hands a JavaScript action its inputs as INPUT_<NAME>, the name upper-cased with spaces
 * turned to underscores and hyphens kept: `github-token` arrives as `INPUT_GITHUB-TOKEN`.
 */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const command = input(env, "command") || "plan";
  if (!isCommand(command))
    throw new UserError(`the command input must be validate, plan or apply, not \`${command}\``);
  const token = input(env, "token");
  if (!token && command !== "validate")
    throw new UserError(
      `the token input is empty: ${command} needs the packages' token (a personal access token (classic), or \${{ github.token }} for packages that grant this repository access)`,
    );
  return {
    command,
    specs: words(input(env, "spec") || "ghpkg.yaml"),
    token,
    githubToken: input(env, "github-token"),
    apiUrl: input(env, "api-url"),
    registryUrl: input(env, "registry-url"),
    args: words(input(env, "args")),
  };
}

function isCommand(text: string): text is ActionCommand {
  return (COMMANDS as readonly string[]).includes(text);
}
