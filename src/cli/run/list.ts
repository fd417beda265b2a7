import { readInventory } from "../../reconcile/inventory.js";
import { renderInventoryCsv, renderInventoryJson } from "../../render/inventory-json.js";
import { renderInventoryTable } from "../../render/inventory-table.js";
import { escapeText } from "../../render/escape.js";
import { style } from "../../render/style.js";
import { compileSelectorFlag } from "../../spec/selector-flag.js";
import type { GlobalContext } from "../context.js";
import { checkPackagePatterns } from "../flags/package-patterns.js";
import { connecting } from "../connect.js";
import { type PackageArg } from "../flags/package-arg.js";

export interface ListFlags {
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

export async function runList(global: GlobalContext, flags: ListFlags): Promise<void> {
  checkPackagePatterns(flags.package);
  const context = connecting(global);
  const output = context.output();
  const nowMs = flags.now ?? Date.now();
  // A bad selector stops before anything is sent, as a bad spec does.
  const match =
    flags.match === undefined
      ? undefined
      : compileSelectorFlag(
          flags.match,
          flags.package.map((p) => p.type),
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
  if (!output.quiet) for (const note of inventory.notes) output.err(`note: ${escapeText(note)}`);
  if (flags.format === "json") output.out(renderInventoryJson(inventory.versions));
  else if (flags.format === "csv") output.out(renderInventoryCsv(inventory.versions));
  else
    output.out(
      renderInventoryTable(inventory.versions, {
        style: style(output.color),
        nowMs,
        totals: inventory.totals,
        // Piped, the table still fits a usual terminal; scripts read --format json or csv.
        width: (process.stdout.isTTY && process.stdout.columns) || 120,
      }),
    );
}
