import type { Blob } from "./blobs.js";
import type { SandboxPackage, SandboxState, SandboxVersion } from "./state.js";

/** One container package's storage, as `GET /_sandbox/storage` answers it. */
export interface PackageStorageReport {
  readonly owner: string;
  readonly type: string;
  readonly name: string;
  /** The bytes its active versions' manifests and the blobs they name take up now, each digest once. */
  readonly stored: number;
  /** Of what its active manifests referred to when the sandbox started, the bytes none refers to now. */
  readonly freed: number;
}

export interface StorageReport {
  readonly packages: readonly PackageStorageReport[];
  readonly stored: number;
  readonly freed: number;
}

/**
 * What the registry holds for each container package, and what deletes have freed since the sandbox
 * started: a manifest and its blobs (config, layers, an artifact's blobs) are freed once no active
 * manifest of the package refers to them. Measured from the state itself, not from what any client
 * asked or was told: a manifest's size is its JSON text as the registry serves it, a blob's the
 * length of the bytes the sandbox holds for it (configs), else the size its descriptor states (layers,
 * which the sandbox does not hold). The start is remembered as the versions then active (references,
 * so a 100,000-version state costs no time until asked); nothing is measured until then.
 */
export class StorageLedger {
  readonly #start = new Map<SandboxPackage, readonly SandboxVersion[]>();
  readonly #state: SandboxState;
  readonly #blobs: ReadonlyMap<string, Blob>;

  constructor(state: SandboxState, blobs: ReadonlyMap<string, Blob>) {
    this.#state = state;
    this.#blobs = blobs;
    for (const pkg of state.packages)
      if (pkg.type === "container") this.#start.set(pkg, pkg.versions.filter(isActive));
  }

  report(): StorageReport {
    const packages = this.#state.packages
      .filter((pkg) => pkg.type === "container")
      .map((pkg): PackageStorageReport => {
        const now = this.#bytes(pkg.versions.filter(isActive));
        let freed = 0;
        for (const [digest, size] of this.#bytes(this.#start.get(pkg) ?? []))
          if (!now.has(digest)) freed += size;
        return { owner: pkg.owner, type: pkg.type, name: pkg.name, stored: sum(now), freed };
      });
    return {
      packages,
      stored: packages.reduce((n, p) => n + p.stored, 0),
      freed: packages.reduce((n, p) => n + p.freed, 0),
    };
  }

  /** Every digest these versions' manifests take up, with its size. */
  #bytes(versions: readonly SandboxVersion[]): Map<string, number> {
    const bytes = new Map<string, number>();
    for (const v of versions) {
      if (!v.manifest) continue;
      bytes.set(v.name, Buffer.byteLength(JSON.stringify(v.manifest)));
      for (const descriptor of descriptorsOf(v.manifest)) {
        const held = this.#blobs.get(descriptor.digest);
        bytes.set(descriptor.digest, held ? Buffer.byteLength(held.body) : descriptor.size);
      }
    }
    return bytes;
  }
}

/** The blobs a manifest names: its config, its layers, an OCI 1.1 RC artifact's blobs. */
function descriptorsOf(manifest: Record<string, unknown>): { digest: string; size: number }[] {
  const { config, layers, blobs } = manifest;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const all = [config, ...list(layers), ...list(blobs)];
  return all.flatMap((d) => {
    const { digest, size } = (d ?? {}) as { digest?: unknown; size?: unknown };
    return typeof digest === "string" && typeof size === "number" ? [{ digest, size }] : [];
  });
}

const isActive = (v: SandboxVersion) => v.deleted_at === null;
const sum = (bytes: ReadonlyMap<string, number>) => [...bytes.values()].reduce((n, size) => n + size, 0);
