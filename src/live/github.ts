import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { Client } from "./client.js";
import { explainRequestError } from "./github-error.js";
import type { PackageSource } from "./source.js";

/** GitHub's package-version payload, as much of it as ghpkg reads. */
interface VersionPayload {
  id: number;
  name: string;
  created_at: string;
  deleted_at?: string | null;
  metadata?: { container?: { tags?: string[] }; docker?: { tag?: string[]; tags?: string[] } };
}

const PER_PAGE = 100;

/** The PackageSource of github.com, an Enterprise Server, or anything that answers like them. */
export function githubSource(client: Client, apiUrl: string): PackageSource {
  const packageWhat = (ref: PackageRef) => `package ${ref.type}/${ref.name} of ${ref.owner}`;
  const versionWhat = (ref: PackageRef, id: number) => `version ${id} of ${packageWhat(ref)}`;
  const path = (ref: PackageRef) => ({ username: ref.owner, package_type: ref.type, package_name: ref.name });

  async function call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw explainRequestError(error, what, apiUrl);
    }
  }

  return {
    viewer: () =>
      call("the authenticated user", async () => (await client.rest.users.getAuthenticated()).data.login),

    listVersions: (ref, state) =>
      call(packageWhat(ref), async () => {
        const fetchPage = async (page: number) => {
          const response =
            state === "deleted"
              ? await client.request("GET /user/packages/{package_type}/{package_name}/versions", {
                  ...path(ref),
                  state: "deleted",
                  per_page: PER_PAGE,
                  page,
                })
              : await client.request(
                  "GET /users/{username}/packages/{package_type}/{package_name}/versions",
                  {
                    ...path(ref),
                    per_page: PER_PAGE,
                    page,
                  },
                );
          return { items: response.data as VersionPayload[], links: parseLinks(response.headers.link) };
        };
        const first = await fetchPage(1);
        const pages = [first.items];
        if (first.links.last !== undefined) {
          // The last page is known: fetch the rest at once (the client bounds how many run together).
          const rest = Array.from({ length: first.links.last - 1 }, (_, i) => fetchPage(i + 2));
          pages.push(...(await Promise.all(rest)).map((p) => p.items));
        } else {
          for (let next = first.links.next; next !== undefined;) {
            const page = await fetchPage(next);
            pages.push(page.items);
            next = page.links.next;
          }
        }
        const byId = new Map<number, PackageVersion>();
        for (const item of pages.flat()) byId.set(item.id, toVersion(item, state));
        return [...byId.values()];
      }),

    getActiveVersion: async (ref, id) => {
      try {
        const { data } = await client.rest.packages.getPackageVersionForUser({
          ...path(ref),
          package_version_id: id,
        });
        const version = toVersion(data, "active");
        return version.deletedAt === null ? version : undefined;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw explainRequestError(error, versionWhat(ref, id), apiUrl);
      }
    },

    deleteVersion: (ref, id) =>
      call(versionWhat(ref, id), async () => {
        await client.rest.packages.deletePackageVersionForUser({ ...path(ref), package_version_id: id });
      }),

    restoreVersion: (ref, id) =>
      call(versionWhat(ref, id), async () => {
        await client.rest.packages.restorePackageVersionForUser({ ...path(ref), package_version_id: id });
      }),
  };
}

function toVersion(item: VersionPayload, state: "active" | "deleted"): PackageVersion {
  return {
    id: item.id,
    name: item.name,
    tags: item.metadata?.container?.tags ?? item.metadata?.docker?.tag ?? item.metadata?.docker?.tags ?? [],
    createdAt: item.created_at,
    deletedAt: item.deleted_at ?? null,
    state,
  };
}

/** The page numbers of `rel="next"` and `rel="last"` in a Link header. */
export function parseLinks(header: string | undefined): { next?: number; last?: number } {
  const links: { next?: number; last?: number } = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="(next|last)"/.exec(part);
    if (!match?.[1] || !match[2]) continue;
    const page = Number(new URL(match[1]).searchParams.get("page"));
    if (Number.isInteger(page) && page > 0) links[match[2] as "next" | "last"] = page;
  }
  return links;
}
