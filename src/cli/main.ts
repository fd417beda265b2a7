import { Command } from "commander";
import { SpecError } from "../spec/problem.js";
import { InterruptedError, UserError } from "../model/errors.js";
import { redactor } from "../transport/redact.js";
import { globalContext } from "./context.js";
import { tokenFrom } from "../live/connection.js";
import { withTokenAdvice } from "../live/token-advice.js";
import { reportProblems, terminalOutput, type Output } from "./terminal/output.js";
import { registerApply } from "./commands/apply.js";
import { registerCheck } from "./commands/check.js";
import { registerImport } from "./commands/import.js";
import { registerList } from "./commands/list.js";
import { registerPlan } from "./commands/plan.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerUndo } from "./commands/undo.js";
import { registerValidate } from "./commands/validate.js";
import { standardErr, standardOut, streamFailure } from "./terminal/standard-streams.js";
import { VERSION } from "./version.js";
import { neutraliseCommands } from "../render/workflow-commands.js";
import { escapeLines } from "../render/escape.js";

const program = new Command("ghpkg")
  .description(
    "Keep the versions of a user's or an organisation's GitHub Packages in the state a YAML spec declares.",
  )
  .version(VERSION)
  .option("--api-url <url>", "GitHub API URL (default: $GITHUB_API_URL, else https://api.github.com)")
  .option(
    "--registry-url <url>",
    "container registry whose manifests tell images' children (default: $GHPKG_REGISTRY_URL, else https://ghcr.io)",
  )
  .option("--no-color", "no colours (also NO_COLOR)")
  .option("-v, --verbose", "more detail, and stack traces for internal errors")
  .option("-q, --quiet", "print only what matters: summaries and errors")
  .showSuggestionAfterError()
  // commander's own messages quote what was typed: they too must not start a workflow command.
  .configureOutput({
    writeOut: (text) => standardOut.write(neutraliseCommands(text)),
    writeErr: (text) => standardErr.write(neutraliseCommands(text)),
  })
  .addHelpText(
    "after",
    `
Examples:
  ghpkg validate -f ghpkg.yaml
  GITHUB_TOKEN=... ghpkg plan -f ghpkg.yaml --out plan.json
  GITHUB_TOKEN=... ghpkg apply plan.json --yes

Start-up cache: what V8 compiled, kept in the user's cache folder (~/.cache/ghpkg/v8 or
$XDG_CACHE_HOME/ghpkg/v8); GHPKG_COMPILE_CACHE=DIR moves it, GHPKG_COMPILE_CACHE=off turns it off.`,
  );

const context = globalContext(program);
registerValidate(program, context);
registerPlan(program, context);
registerApply(program, context);
registerImport(program, context);
registerList(program, context);
registerCheck(program, context);
registerUndo(program, context);
registerSandbox(program, context);

// Output that could not be written (a full disk under `> file`) is an error, said once the command is done.
process.once("exit", () => {
  const failure = streamFailure();
  if (failure === undefined) return;
  if (process.exitCode !== 130) process.exitCode = 1; // an interrupted run still says so
  if (!failure.readerLeft) standardErr.write(`error: ${failure.message}\n`);
});

// No top-level await: the bundle users run is CommonJS (see launch.ts).
program.parseAsync().catch((error: unknown) => {
  process.exitCode = reportFailure(error);
});

/** Only cli/ turns errors into exit codes: 1 for anything the user can act on, and for bugs. */
function reportFailure(error: unknown): number {
  const output = redacting(terminalOutput(program.opts()));
  if (error instanceof SpecError) reportProblems(output, error.problems);
  // An error quotes names, paths and servers' words: each of its lines is shown escaped.
  else if (error instanceof UserError)
    output.err(`error: ${escapeLines(withTokenAdvice(error, tokenFrom(process.env)))}`);
  else {
    output.err(`internal error: ${escapeLines(error instanceof Error ? error.message : String(error))}`);
    if (output.verbose && error instanceof Error && error.stack) output.err(error.stack);
    else output.err("(run with --verbose for details; this is a bug, please report it)");
  }
  return error instanceof InterruptedError ? error.exitCode : 1;
}

/** The last line of defence: whatever an error carries, the token is never printed, in any form. */
function redacting(output: Output): Output {
  const redact = redactor([process.env.GITHUB_TOKEN, process.env.GH_TOKEN]);
  return {
    ...output,
    out: (text) => output.out(redact(text)),
    err: (text) => output.err(redact(text)),
    annotate: (problem) =>
      output.annotate({ ...problem, file: redact(problem.file), message: redact(problem.message) }),
  };
}
