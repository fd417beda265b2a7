import type { PackageRef, PackageType } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import { getJson, type Client } from "./client.js";
import {
  accountTypeOf,
  loginOf,
  packageNamesOf,
  sameVersion,
  versionOf,
  versionsOf,
} from "./answer-shape.js";
import { explainRequestError, GitHubError, MalformedAnswer, RateLimited } from "./github-error.js";
import { allPages, parseLinks } from "./paging.js";
import type { OwnerKind, PackageSource } from "./source.js";

export { parseLinks };

const PER_PAGE = 100;

// What an organisation asks of whoever changes its packages, said where GitHub only says no.
const ORG_ADMIN_HINT =
  "an organisation's package versions are deleted and restored by an organisation admin, or by someone with the admin role on the package";
const ORG_DELETED_HINT =
  "GitHub lists an organisation's deleted versions only to its admins (or the package's)";

/**
 * The PackageSource of github.com, an Enterprise Server, or anything that answers like them.
 * Whether an owner is a user or an organisation is asked once (`GET /users/{owner}`) and remembered:
 * one adapter serves one run.
 */
export function githubSource(client: Client, apiUrl: string): PackageSource {
  const packageWhat = (ref: PackageRef) => `package ${ref.type}/${ref.name} of ${ref.owner}`;
  const versionWhat = (ref: PackageRef, id: number) => `version ${id} of ${packageWhat(ref)}`;
  const kinds = new Map<string, Promise<OwnerKind>>();

  async function call<T>(
    what: string,
    send: () => Promise<T>,
    hint?: (e: GitHubError) => string | undefined,
  ) {
    try {
      return await send();
    } catch (error) {
      const explained = explainRequestError(error, what, apiUrl);
      // A spent budget is about the token, not the package: no hint, and its kind is kept.
      const extra = explained instanceof RateLimited ? undefined : hint?.(explained);
      // apply reports GitHub's message for each failed operation: the hint travels with it, after it.
      return Promise.reject(
        extra
          ? new GitHubError(
              `${explained.message}; ${extra}`,
              explained.status,
              `${explained.githubMessage} (${extra})`,
              { cause: error },
            )
          : explained,
      );
    }
  }

  const ownerKind = (owner: string): Promise<OwnerKind> => {
    const key = owner.toLowerCase();
    let kind = kinds.get(key);
    if (!kind) {
      kind = call(`the owner ${owner}`, async () => {
        const { data } = await getJson(client, "GET /users/{username}", { username: owner });
        return accountTypeOf(data) === "Organization" ? "Organization" : "User";
      });
      kinds.set(key, kind);
    }
    return kind;
  };

  /** `/users/{owner}` or `/orgs/{owner}`: the route's owner part, by what GitHub said the owner is. */
  const ownerRoute = async (owner: string) =>
    (await ownerKind(owner)) === "Organization" ? "/orgs/{owner}" : "/users/{owner}";
  const params = (ref: PackageRef) => ({ owner: ref.owner, package_type: ref.type, package_name: ref.name });

  const mutate = async (ref: PackageRef, id: number, method: "DELETE" | "POST") => {
    const org = (await ownerKind(ref.owner)) === "Organization";
    const base = `${org ? "/orgs/{owner}" : "/users/{owner}"}/packages/{package_type}/{package_name}/versions/{package_version_id}`;
    await call(
      versionWhat(ref, id),
      async () => {
        await client.request(`${method} ${base}${method === "POST" ? "/restore" : ""}`, {
          ...params(ref),
          package_version_id: id,
        });
      },
      (e) => (org && e.status === 403 ? ORG_ADMIN_HINT : undefined),
    );
  };

  return {
    viewer: async () => {
      try {
        return loginOf((await getJson(client, "GET /user", {})).data);
      } catch (error) {
        const explained = explainRequestError(error, "the authenticated user", apiUrl);
        // An installation token (Actions' GITHUB_TOKEN, `ghs_…`) has no user: GitHub answers 403.
        if (explained.status === 403 && !(explained instanceof RateLimited)) return undefined;
        throw explained;
      }
    },

    ownerKind,

    listPackages: async (owner, type: PackageType) => {
      const route = `GET ${await ownerRoute(owner)}/packages`;
      return call(`the ${type} packages of ${owner}`, async () => {
        const items = await allPages(async (page) => {
          const response = await getJson(client, route, {
            owner,
            package_type: type,
            per_page: PER_PAGE,
            page,
          });
          const items = packageNamesOf(response.data, page);
          return { items, links: parseLinks(String(response.headers.link ?? "")) };
        });
        return [...new Set(items)];
      });
    },

    listVersions: async (ref, state) => {
      const org = (await ownerKind(ref.owner)) === "Organization";
      // A user's deleted versions are listed only to that user, through `/user/…`.
      const base = state === "deleted" && !org ? "/user" : org ? "/orgs/{owner}" : "/users/{owner}";
      const route = `GET ${base}/packages/{package_type}/{package_name}/versions`;
      return call(
        state === "deleted" ? `the deleted versions of ${packageWhat(ref)}` : packageWhat(ref),
        async () => {
          const items = await allPages(async (page) => {
            const response = await getJson(client, route, {
              // `/user/…` names no owner: an unused parameter would go into the query string.
              ...(base === "/user" ? { package_type: ref.type, package_name: ref.name } : params(ref)),
              ...(state === "deleted" ? { state: "deleted" } : {}),
              per_page: PER_PAGE,
              page,
            });
            // Each page becomes versions as it lands: GitHub's payloads (URLs, metadata) are not kept.
            const items = versionsOf(response.data, page, state);
            return { items, links: parseLinks(String(response.headers.link ?? "")) };
          });
          const byId = new Map<number, PackageVersion>();
          for (const item of items) {
            const seen = byId.get(item.id);
            if (seen && !sameVersion(seen, item))
              throw new MalformedAnswer(
                `version ${item.id} is listed twice, differently (did the package change while it was read? try again)`,
              );
            byId.set(item.id, item);
          }
          return [...byId.values()];
        },
        (e) => (org && state === "deleted" && e.status === 403 ? ORG_DELETED_HINT : undefined),
      );
    },

    getActiveVersion: async (ref, id) => {
      const route = `GET ${await ownerRoute(ref.owner)}/packages/{package_type}/{package_name}/versions/{package_version_id}`;
      try {
        const response = await getJson(client, route, { ...params(ref), package_version_id: id });
        const version = versionOf(response.data, "the version", "active");
        // Apply counts a lost delete as done when this says "not active": it must be about this version.
        if (version.id !== id) throw new MalformedAnswer(`the answer is about version ${version.id}`);
        return version.deletedAt === null ? version : undefined;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw explainRequestError(error, versionWhat(ref, id), apiUrl);
      }
    },

    deleteVersion: (ref, id) => mutate(ref, id, "DELETE"),
    restoreVersion: (ref, id) => mutate(ref, id, "POST"),
    rateLimit: () => client.budget.status(),
  };
}
