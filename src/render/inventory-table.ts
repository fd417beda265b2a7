import type { InventoryVersion } from "../model/inventory.js";
import { hasTags } from "../model/package.js";
import { escapeText } from "./escape.js";
import { age, shownName } from "./label.js";
import type { Style } from "./style.js";

export interface TableOptions {
  readonly style: Style;
  readonly nowMs: number;
  /** The terminal's width: the tags column gives way so that a row fits. */
  readonly width: number;
}

const MIN_TAGS = 12;

/** cosign's `sha256-<64 hex>.sig` tags, shortened as digests are. */
const shortTag = (tag: string) =>
  escapeText(tag.replace(/^(sha256-[0-9a-f]{12})[0-9a-f]{52}(\.\w+)$/, "$1…$2"));

/** `ghpkg list` for a person: one line per version, digests shortened, ages relative, deleted ones dim. */
export function renderInventoryTable(rows: readonly InventoryVersion[], options: TableOptions): string {
  const { style, nowMs } = options;
  if (rows.length === 0) return "No versions.\n";
  const images = rows.some((r) => r.image !== undefined);
  const tagged = rows.some((r) => hasTags(r.ref.type));
  const idOf = new Map(rows.map((r) => [r.version.id, r]));
  const cells = rows.map((r) => {
    const v = r.version;
    const parent = r.image?.parentId === undefined ? undefined : idOf.get(r.image.parentId)?.version;
    return {
      row: r,
      cells: [
        escapeText(`${r.ref.type}/${r.ref.name}`),
        String(v.id),
        shownName(v.name),
        ...(tagged ? [hasTags(r.ref.type) ? v.tags.map(shortTag).join(", ") || "-" : ""] : []),
        age(v.createdAt, nowMs),
        v.updatedAt ? age(v.updatedAt, nowMs) : "-",
        v.deletedAt ? `deleted ${age(v.deletedAt, nowMs)} ago` : "active",
        ...(images
          ? [
              r.image
                ? `${r.image.kind}${r.image.platforms === undefined ? "" : ` (${r.image.platforms} platforms)`}`
                : "-",
              r.image?.parentId === undefined
                ? "-"
                : `${r.image.parentId}${parent ? ` (${parent.tags[0] === undefined ? shownName(parent.name) : shortTag(parent.tags[0])})` : ""}`,
            ]
          : []),
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
    ...(images ? ["KIND", "PARENT"] : []),
  ];
  const tagsColumn = tagged ? 3 : -1;
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c.cells[i]?.length ?? 0)));
  if (tagsColumn >= 0) {
    const total = widths.reduce((n, w) => n + w + 2, -2);
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
  const out = [style.bold(line(header))];
  for (const { row, cells: values } of cells) {
    const text = line(values);
    out.push(row.version.state === "deleted" ? style.dim(text) : text);
  }
  return `${out.join("\n")}\n`;
}
