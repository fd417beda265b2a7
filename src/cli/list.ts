import { Option, type Command } from "commander";
import { readInventory } from "../reconcile/inventory.js";
import { renderInventoryCsv, renderInventoryJson } from "../render/inventory-json.js";
import { renderInventoryTable } from "../render/inventory-table.js";
import { style } from "../render/style.js";
import { compileSelector } from "../select/selector.js";
import { parseSelectorFlag } from "../spec/selector-flag.js";
import type { GlobalContext } from "./context.js";
import { instant, positiveNumber } from "./flags.js";
import { ownerArg, packageArg, type PackageArg } from "./package-arg.js";

interface ListFlags {
  owner: string;
  package: PackageArg[];
  state: "active" | "deleted" | "all";
  match?: string;
  format: "table" | "json" | "csv";
  images?: boolean;
  now?: number;
  concurrency: number;
  journal?: string;
}

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
      "ages and durations as if it were this ISO 8601 time (default: the clock)",
      instant,
    )
    .option("--concurrency <n>", "packages (and manifests) read at once", positiveNumber, 8)
    .option("--journal <file>", "journal to read deleted versions from where GitHub will not list them")
    .addHelpText(
      "after",
      `\nExamples:\n  ghpkg list --owner octocat --package container/web\n  ghpkg list --owner octo-org --package 'container/svc-*' --match '{tag: "pr-*", olderThan: 14d}'\n  ghpkg list --owner octocat --package npm/lib --state all --format json`,
    )
    .action(async (flags: ListFlags) => {
      const output = context.output();
      const nowMs = flags.now ?? Date.now();
      // A bad selector stops before anything is sent, as a bad spec does.
      const match =
        flags.match === undefined
          ? undefined
          : compileSelector(
              parseSelectorFlag(
                flags.match,
                flags.package.map((p) => p.type),
              ),
              "--match",
            );
      const { ports } = context.connect({
        concurrency: flags.concurrency,
        progress: false,
        ...(flags.journal ? { journalPath: flags.journal } : {}),
      });
      const inventory = await readInventory(ports, {
        owner: flags.owner,
        packages: flags.package,
        state: flags.state,
        ...(match ? { match } : {}),
        images: flags.images === true,
        nowMs,
        concurrency: flags.concurrency,
      });
      if (!output.quiet) for (const note of inventory.notes) output.err(`note: ${note}`);
      if (flags.format === "json") output.out(renderInventoryJson(inventory.versions));
      else if (flags.format === "csv") output.out(renderInventoryCsv(inventory.versions));
      else
        output.out(
          renderInventoryTable(inventory.versions, {
            style: style(output.color),
            nowMs,
            // Piped, the table still fits a usual terminal; scripts read --format json or csv.
            width: (process.stdout.isTTY && process.stdout.columns) || 120,
          }),
        );
    });
}
