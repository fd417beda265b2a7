import { Option, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { CheckFlags } from "../run/check.js";
import { instant, readConcurrencyOption } from "../flags/parsers.js";
import { ownerArg, packageArg } from "../flags/package-arg.js";
import { specOption } from "../flags/spec-option.js";

export function registerCheck(program: Command, context: GlobalContext): void {
  program
    .command("check")
    .description(
      "report broken images (an index missing a child) and orphans (a signature or attestation whose subject is gone); changes nothing",
    )
    .addOption(specOption())
    .option(
      "--owner <login>",
      "instead of a spec: the GitHub user or organisation that owns the packages",
      ownerArg,
    )
    .option(
      "--package <type/name>",
      "with --owner: a package as container/NAME; NAME may be a glob or /regex/ (repeatable)",
      packageArg,
    )
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "markdown"]).default("text"),
    )
    .option(
      "--now <time>",
      "tell what can still be restored (deleted 30 days ago or less) as if it were this time, RFC 3339 with a time zone (default: the clock)",
      instant,
    )
    .addOption(readConcurrencyOption())
    .option(
      "--journal <file>",
      "journal to read deleted versions from where GitHub will not list them (default: .ghpkg/journal.jsonl beside the first spec)",
    )
    .addHelpText(
      "after",
      `\nExit status: 0 when there is nothing broken, 2 when there are broken images or orphans, 1 on an error (a manifest that cannot be read included).\n\nExamples:\n  ghpkg check -f ghpkg.yaml\n  ghpkg check --owner octocat --package 'container/*' --format json`,
    )
    .action(async (flags: CheckFlags) => (await import("../run/check.js")).runCheck(context, flags));
}
