import type { ImageFacts, InventoryVersion, PackageTotal } from "../model/inventory.js";
import { hasTags, packageLabel } from "../model/package.js";
import { siteLabel } from "../model/usage.js";
import type { PackageVersion } from "../model/version.js";
import { escapeText } from "./escape.js";
import { age, shortTag, shownName } from "./label.js";
import { formatBytes } from "./size.js";
import type { Style } from "./style.js";
import { fitTags } from "./tag-fit.js";

export interface TableOptions {
  readonly style: Style;
  readonly nowMs: number;
  /** The terminal's width: the tags column gives way so that a row fits. */
  readonly width: number;
  /** Each package's count and size, said below the table. */
  readonly totals?: readonly PackageTotal[];
}

/** Room for `latest, +5`. */
const MIN_TAGS = 10;
/** What the last column is given when the tags column makes room: one parent with its tag. */
const LAST_COLUMN_ROOM = 16;

/** `ghpkg list` for a person: one line per version, digests shortened, ages relative, deleted ones dim. */
export function renderInventoryTable(rows: readonly InventoryVersion[], options: TableOptions): string {
  const { style, nowMs } = options;
  if (rows.length === 0) return "No versions.\n";
  const images = rows.some((r) => r.image !== undefined);
  const used = rows.some((r) => r.usedIn !== undefined);
  const tagged = rows.some((r) => hasTags(r.ref.type));
  const idOf = new Map(rows.map((r) => [r.version.id, r]));
  const cells = rows.map((r) => {
    const v = r.version;
    return {
      row: r,
      cells: [
        escapeText(`${r.ref.type}/${r.ref.name}`),
        String(v.id),
        shownName(v.name),
        ...(tagged ? [hasTags(r.ref.type) ? fitTags(v.tags, Infinity) : ""] : []),
        age(v.createdAt, nowMs),
        v.updatedAt ? age(v.updatedAt, nowMs) : "-",
        v.deletedAt ? `deleted ${age(v.deletedAt, nowMs)} ago` : "active",
        ...(images
          ? [
              r.image?.size === undefined ? "-" : formatBytes(r.image.size),
              r.image ? kindText(r.image) : "-",
              parentsText(r.image, (id) => idOf.get(id)?.version),
            ]
          : []),
        ...(used ? [(r.usedIn ?? []).map(siteLabel).join(", ") || "-"] : []),
      ],
    };
  });
  const header = [
    "PACKAGE",
    "ID",
    "NAME",
    ...(tagged ? ["TAGS"] : []),
    "CREATED",
    "UPDATED",
    "STATE",
    ...(images ? ["SIZE", "KIND", "PARENT"] : []),
    ...(used ? ["USED IN"] : []),
  ];
  const tagsColumn = tagged ? 3 : -1;
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c.cells[i]?.length ?? 0)));
  if (tagsColumn >= 0) {
    // The last column is never padded: a long one (a child that several images list) runs past the
    // edge on its own row instead of narrowing every row's tags.
    const last = widths.length - 1;
    const total = widths.reduce((n, w, i) => n + (i === last ? Math.min(w, LAST_COLUMN_ROOM) : w) + 2, -2);
    const over = total - options.width;
    if (over > 0) widths[tagsColumn] = Math.max(MIN_TAGS, (widths[tagsColumn] ?? 0) - over);
  }
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        const width = widths[i] ?? value.length;
        const fitted = value.length > width ? `${value.slice(0, width - 1)}…` : value;
        return i === values.length - 1 ? fitted : fitted.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const tagsWidth = widths[tagsColumn] ?? 0;
  const out = [style.bold(line(header))];
  for (const { row, cells: values } of cells) {
    // Tags are fitted whole (latest first), not cut at the column's edge.
    if (tagsColumn >= 0 && hasTags(row.ref.type)) values[tagsColumn] = fitTags(row.version.tags, tagsWidth);
    const text = line(values);
    out.push(row.version.state === "deleted" ? style.dim(text) : text);
  }
  const totals = (options.totals ?? []).map(totalLine);
  return `${[...out, ...(totals.length > 0 ? ["", ...totals] : [])].join("\n")}\n`;
}

/** `index (2 platforms)`, `image`. */
function kindText(image: ImageFacts): string {
  const kind =
    image.platforms === undefined
      ? image.kind
      : `${image.kind} (${image.platforms} ${image.platforms === 1 ? "platform" : "platforms"})`;
  // Marked as `ghpkg check` would report them: what an image lists, or what a referrer is about, is not active.
  if (image.missingChildren !== undefined) return `${kind}, broken: ${image.missingChildren} missing`;
  if (image.missingSubject !== undefined) return `${kind}, orphan`;
  return kind;
}

/** Every version this one belongs to, each with its first tag: `10 (v1), 20 (v2)`. */
function parentsText(
  image: ImageFacts | undefined,
  find: (id: number) => PackageVersion | undefined,
): string {
  const ids = image?.parentIds ?? (image?.parentId === undefined ? [] : [image.parentId]);
  if (ids.length === 0) return "-";
  return ids
    .map((id) => {
      const parent = find(id);
      return `${id}${parent ? ` (${parent.tags[0] === undefined ? shownName(parent.name) : shortTag(parent.tags[0])})` : ""}`;
    })
    .join(", ");
}

/** `octocat/container/web: 70 versions (all active), 185 MB stored, each blob counted once`. */
function totalLine(total: PackageTotal): string {
  const count = total.active + total.deleted;
  const states =
    total.deleted === 0
      ? "all active"
      : total.active === 0
        ? "all deleted"
        : `${total.active} active, ${total.deleted} deleted`;
  const size =
    total.bytes === undefined
      ? ""
      : `, ${formatBytes(total.bytes)} stored by the active ones (each blob once)`;
  return `${escapeText(packageLabel(total.ref))}: ${count} ${count === 1 ? "version" : "versions"} (${states})${size}`;
}
