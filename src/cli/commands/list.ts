import { Option, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { ListFlags } from "../run/list.js";
import { instant, readConcurrencyOption } from "../flags/parsers.js";
import { ownerArg, packageArg } from "../flags/package-arg.js";

export function registerList(program: Command, context: GlobalContext): void {
  program
    .command("list")
    .description("the inventory: the live versions of packages, optionally only those a selector matches")
    .requiredOption("--owner <login>", "the GitHub user or organisation that owns the packages", ownerArg)
    .requiredOption(
      "--package <type/name>",
      "a package as TYPE/NAME; NAME may be a glob or /regex/ (repeatable)",
      packageArg,
    )
    .addOption(
      new Option("--state <state>", "which versions").choices(["active", "deleted", "all"]).default("active"),
    )
    .option(
      "--match <selector>",
      `only the versions one selector matches, in YAML flow form, as a spec's rule would ('{tag: "v*", newest: 5}')`,
    )
    .addOption(
      new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
    )
    .option("--images", "container packages: read manifests to show what each version is, and its parent")
    .option(
      "--now <time>",
      "ages and durations as if it were this time, RFC 3339 with a time zone (default: the clock)",
      instant,
    )
    .addOption(readConcurrencyOption())
    .option("--journal <file>", "journal to read deleted versions from where GitHub will not list them")
    .addHelpText(
      "after",
      `\nExamples:\n  ghpkg list --owner octocat --package container/web\n  ghpkg list --owner octo-org --package 'container/svc-*' --match '{tag: "pr-*", olderThan: 14d}'\n  ghpkg list --owner octocat --package npm/lib --state all --format json`,
    )
    .action(async (flags: ListFlags) => (await import("../run/list.js")).runList(context, flags));
}
