import type { PackageVersion } from "../model/version.js";
import { MalformedAnswer } from "./github-error.js";

/**
 * GitHub's answers, checked for the shape GitHub documents as they are turned into ghpkg's own
 * values. A field read wrongly is a wrong plan (a tag lost makes a version untagged, an unparseable
 * `created_at` ranks it anywhere in `newest`), so what does not fit is an error of that request. The
 * checks are type checks and one Date.parse per version: a listing of 100,000 stays as fast as before.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is string =>
  typeof value === "string" && !Number.isNaN(Date.parse(value));

/** One page of a listing, as the array GitHub sends. */
function pageItems(data: unknown, page: number): unknown[] {
  if (!Array.isArray(data)) throw new MalformedAnswer(`page ${page} is not a JSON array`);
  return data;
}

/** The versions of one page of `…/versions`. */
export function versionsOf(data: unknown, page: number, state: "active" | "deleted"): PackageVersion[] {
  const items = pageItems(data, page);
  const versions = new Array<PackageVersion>(items.length);
  for (let i = 0; i < items.length; i++)
    versions[i] = versionOf(items[i], `item ${i + 1} of page ${page}`, state);
  return versions;
}

/** One version (of a listing, or `GET …/versions/{id}`); `at` says where it was, for the message. */
export function versionOf(item: unknown, at: string, state: "active" | "deleted"): PackageVersion {
  if (!isObject(item)) throw new MalformedAnswer(`${at} is not an object`);
  const { id, name, created_at, deleted_at, updated_at, html_url } = item;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0)
    throw new MalformedAnswer(`${at} has no positive integer \`id\``);
  if (typeof name !== "string") throw new MalformedAnswer(`version ${id} has no string \`name\``);
  if (!isTime(created_at)) throw new MalformedAnswer(`version ${id} has no ISO 8601 \`created_at\``);
  // The 30-day restore window is counted from it.
  if (deleted_at != null && !isTime(deleted_at))
    throw new MalformedAnswer(`version ${id} has a \`deleted_at\` that is not ISO 8601`);
  const tags = tagsOf(item.metadata);
  if (!tags) throw new MalformedAnswer(`version ${id} has tags that are not an array of strings`);
  return {
    id,
    name,
    tags,
    createdAt: created_at,
    deletedAt: deleted_at ?? null,
    state,
    ...(typeof updated_at === "string" && updated_at ? { updatedAt: updated_at } : {}),
    ...(typeof html_url === "string" && html_url ? { htmlUrl: html_url } : {}),
  };
}

/** `metadata.container.tags` (or docker's `tag`/`tags`); none is no tag; undefined when malformed. */
function tagsOf(metadata: unknown): readonly string[] | undefined {
  if (metadata == null) return [];
  if (!isObject(metadata)) return undefined;
  const { container, docker } = metadata;
  if ((container != null && !isObject(container)) || (docker != null && !isObject(docker))) return undefined;
  const tags = container?.tags ?? docker?.tag ?? docker?.tags ?? [];
  return Array.isArray(tags) && tags.every((t) => typeof t === "string") ? tags : undefined;
}

/**
 * The same version listed twice (pages shift while a listing is read) must say the same both times:
 * otherwise which of the two is true is a guess, and the plan would rest on it.
 */
export function sameVersion(a: PackageVersion, b: PackageVersion): boolean {
  return (
    a.name === b.name &&
    a.createdAt === b.createdAt &&
    a.deletedAt === b.deletedAt &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

/** The package names of one page of `…/packages`. */
export function packageNamesOf(data: unknown, page: number): string[] {
  return pageItems(data, page).map((item, i) => {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== "string")
      throw new MalformedAnswer(`item ${i + 1} of page ${page} has no string \`name\``);
    if (!isPackageName(name))
      throw new MalformedAnswer(
        `item ${i + 1} of page ${page} is not a package name (an empty, \`.\` or \`..\` part, a control character or a lone surrogate)`,
      );
    return name;
  });
}

/**
 * The spec's rule for package names (schemas/ghpkg.schema.json), for the names GitHub lists: a pattern
 * entry sends each in request paths, where a `..` part reaches another endpoint (`/packages/npm/../versions`
 * is `/packages/versions`), and prints it, where a control character would break the line.
 */
function isPackageName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) return false;
  // A lone surrogate has no UTF-8 form: no request path could name the package.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) return false;
  return name.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/** `GET /users/{owner}`'s `type`: "Organization" or anything else (a user). */
export function accountTypeOf(data: unknown): string {
  const type = isObject(data) ? data.type : undefined;
  if (typeof type !== "string") throw new MalformedAnswer("the account has no string `type`");
  return type;
}

/** `GET /user`'s `login`. */
export function loginOf(data: unknown): string {
  const login = isObject(data) ? data.login : undefined;
  if (typeof login !== "string") throw new MalformedAnswer("the user has no string `login`");
  return login;
}
