import type { ImageKind, InventoryVersion } from "../model/inventory.js";
import type { PackageType } from "../model/package.js";
import { siteLabel } from "../model/usage.js";

/**
 * `ghpkg list --format json`: one array of versions. The fields are GitHub's (snake_case, as the
 * package-version resource names them), and stay: scripts read them. `kind`, `platforms`,
 * `parent_version_id`, `parent_version_ids` and `size` appear for container versions when `--images`
 * read their manifests.
 */
export interface InventoryVersionJson {
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  readonly id: number;
  readonly name: string;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly updated_at: string | null;
  readonly deleted_at: string | null;
  readonly html_url: string | null;
  readonly kind?: ImageKind;
  readonly platforms?: number;
  readonly parent_version_id?: number | null;
  /** Every version it belongs to (a platform image that two indexes list has two). */
  readonly parent_version_ids?: readonly number[];
  /** Bytes, as manifests tell (an index's include what it lists, each blob once); null when one does not. */
  readonly size?: number | null;
  /** Broken: how many of the digests it lists no active version has. */
  readonly missing_children?: number;
  /** An orphan: the digest of its subject, which no active version has. */
  readonly missing_subject?: string;
  /** With `--match` and `usedIn`: where the files refer to the version. */
  readonly used_in?: readonly { readonly file: string; readonly line: number }[];
}

export function inventoryToJson(row: InventoryVersion): InventoryVersionJson {
  const { ref, version, image, usedIn } = row;
  return {
    owner: ref.owner,
    package_type: ref.type,
    package_name: ref.name,
    id: version.id,
    name: version.name,
    tags: version.tags,
    created_at: version.createdAt,
    updated_at: version.updatedAt ?? null,
    deleted_at: version.deletedAt,
    html_url: version.htmlUrl ?? null,
    ...(image
      ? {
          kind: image.kind,
          ...(image.platforms === undefined ? {} : { platforms: image.platforms }),
          parent_version_id: image.parentId ?? null,
          parent_version_ids: image.parentIds ?? [],
          size: image.size ?? null,
          ...(image.missingChildren === undefined ? {} : { missing_children: image.missingChildren }),
          ...(image.missingSubject === undefined ? {} : { missing_subject: image.missingSubject }),
        }
      : {}),
    ...(usedIn ? { used_in: usedIn.map(({ file, line }) => ({ file, line })) } : {}),
  };
}

export function renderInventoryJson(rows: readonly InventoryVersion[]): string {
  return `${JSON.stringify(rows.map(inventoryToJson), null, 2)}\n`;
}

const CSV_COLUMNS = [
  "owner",
  "package_type",
  "package_name",
  "id",
  "name",
  "tags",
  "created_at",
  "updated_at",
  "deleted_at",
  "html_url",
  "kind",
  "platforms",
  "parent_version_id",
  "size",
  "parent_version_ids",
  "used_in",
] as const;

/**
 * RFC 4180: a header, then one line per version; tags separated by spaces (a tag holds none), and
 * `used_in` places by `; `.
 */
export function renderInventoryCsv(rows: readonly InventoryVersion[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const { used_in, ...rest } = inventoryToJson(row);
    const json = {
      ...rest,
      ...(used_in ? { used_in: used_in.map(siteLabel).join("; ") } : {}),
    } as unknown as Record<string, string | number | readonly string[] | null>;
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = json[column];
        return csvField(typeof value === "object" && value !== null ? value.join(" ") : String(value ?? ""));
      }).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

// A field that a spreadsheet would read as a formula is prefixed, as OWASP advises for CSV from outside data.
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
