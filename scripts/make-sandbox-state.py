#!/usr/bin/env python3
"""Writes examples/sandbox-state.json: the bundled sandbox state of the demo and the tour.

Container versions carry real manifests; a version's name is the sha256 of its manifest's JSON
text exactly as the sandbox serves it (JSON.stringify), so ghpkg can check every digest.
Run it again after changing it: python3 scripts/make-sandbox-state.py
"""
import hashlib, json, os

next_id = [1000]
def new_id():
    next_id[0] += 1
    return next_id[0]

def digest_of(manifest):
    text = json.dumps(manifest, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

def blob(label):
    return "sha256:" + hashlib.sha256(label.encode()).hexdigest()

# Image configs, served by the sandbox's registry at the digest of their JSON text, so that clients
# that read an image's config after its manifest (skopeo inspect, docker pull) find matching bytes.
blobs = []

def config(label, layer):
    arch = "arm64" if label.endswith("/arm64") else "amd64"
    value = {"architecture": arch, "os": "linux", "created": "2026-01-01T00:00:00Z",
             "config": {"Labels": {"org.opencontainers.image.title": label}},
             "rootfs": {"type": "layers", "diff_ids": [blob(layer + "/diff")]}}
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    blobs.append(value)
    return {"mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": "sha256:" + hashlib.sha256(text.encode()).hexdigest(), "size": len(text.encode())}

def image(label, subject=None, artifact=None):
    m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}
    if artifact: m["artifactType"] = artifact
    m["config"] = config(label, label + "/layer")
    m["layers"] = [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": blob(label + "/layer"), "size": 3370706}]
    if subject: m["subject"] = subject
    return m

def version(manifest, age_days, tags=(), minutes=0, deleted=None, downloads=0):
    v = {"id": new_id(), "name": digest_of(manifest), "tags": list(tags), "created_at": f"{age_days * 1440 + minutes}m ago", "manifest": manifest}
    if deleted is not None: v["deleted_at"] = f"{deleted}d ago"
    if downloads: v["download_count"] = downloads
    return v

def release(label, tags, age_days):
    """A multi-platform release: an index, its two platform images and a buildx attestation."""
    amd, arm = image(label + "/amd64"), image(label + "/arm64")
    att = image(label + "/attestation", artifact="application/vnd.in-toto+json")
    children = [version(amd, age_days, minutes=2), version(arm, age_days, minutes=2), version(att, age_days, minutes=1)]
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": children[0]["name"], "size": 1000, "platform": {"architecture": "amd64", "os": "linux"}},
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": children[1]["name"], "size": 1000, "platform": {"architecture": "arm64", "os": "linux"}},
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": children[2]["name"], "size": 800, "platform": {"architecture": "unknown", "os": "unknown"},
             "annotations": {"vnd.docker.reference.digest": children[0]["name"], "vnd.docker.reference.type": "attestation-manifest"}},
        ],
    }
    return [version(index, age_days, tags)] + children

web = []
for i in range(15):  # one release every 12 days, the newest 3 days ago
    web += release(f"web-v1.{i}.0", [f"v1.{i}.0"] + (["latest"] if i == 14 else []), 3 + 12 * (14 - i))
latest, v13 = web[-4], web[-8]
# cosign's tag convention signs the latest release; an SBOM is attached to v1.13.0 as an OCI referrer.
web.append(version(image("web-latest-signature"), 3, [f"sha256-{latest['name'][7:]}.sig"]))
web.append(version(image("web-v1.13-sbom", subject={"mediaType": "application/vnd.oci.image.index.v1+json", "digest": v13["name"], "size": 1600}, artifact="application/spdx+json"), 15))
web.append(version(image("web-pr-12"), 45, ["pr-12"]))
web.append(version(image("web-pr-31"), 6, ["pr-31"]))
for i, age in enumerate([2, 9, 20, 33, 61, 120]):  # untagged builds nothing refers to
    web.append(version(image(f"web-build-{i}"), age))

api = []
for i in range(6):
    api.append(version(image(f"api-v2.{i}.0"), 5 + 20 * (5 - i), [f"v2.{i}.0"] + (["stable"] if i == 5 else [])))
api.append(version(image("api-main"), 1, ["main"]))
for i, age in enumerate([3, 10, 40]):
    api.append(version(image(f"api-sha-{i}"), age, [f"sha-{i:07x}"]))
for i, age in enumerate([1, 8, 30]):
    api.append(version(image(f"api-build-{i}"), age))

site = [version(image(f"site-{i}"), 2 + 7 * (7 - i), [f"2026.{i + 1}"] + (["live"] if i == 7 else [])) for i in range(8)]
site += [version(image(f"site-preview-{i}"), age, [f"preview-{i}"]) for i, age in enumerate([4, 26])]

def plain(name, age, deleted=None):
    v = {"id": new_id(), "name": name, "created_at": f"{age}d ago"}
    if deleted is not None: v["deleted_at"] = f"{deleted}d ago"
    return v

lib = [plain("1.0.0", 400), plain("1.2.0", 300), plain("1.4.1", 220), plain("1.4.2", 200, deleted=5), plain("2.0.0", 150), plain("2.1.0", 90),
       plain("2.2.0-beta.1", 70), plain("2.2.0", 60), plain("3.0.0-rc.1", 10), plain("3.0.0-rc.2", 3)]
mvn = [plain("1.0.0", 200), plain("1.1.0", 120), plain("1.2.0", 40)] + [plain("1.3.0-SNAPSHOT" if i == 0 else f"1.3.{i}-SNAPSHOT", 1 + 4 * i) for i in range(8)]
gem = [plain("0.9.0", 300), plain("1.0.0", 200), plain("1.1.0.pre1", 150), plain("1.1.0", 100), plain("1.2.0.beta", 20), plain("1.2.0", 10)]
nuget = [plain("2.5.0", 300), plain("2.6.1", 250), plain("3.0.0", 120), plain("3.1.0", 30)]

state = {"viewer": "octocat", "packages": [
    {"owner": "octocat", "type": "container", "name": "web", "versions": web},
    {"owner": "octocat", "type": "container", "name": "api", "versions": api},
    {"owner": "octocat", "type": "npm", "name": "lib", "versions": lib},
    {"owner": "octocat", "type": "maven", "name": "com.example.app", "visibility": "private", "versions": mvn},
    {"owner": "octocat", "type": "rubygems", "name": "octo-cli", "versions": gem},
    {"owner": "octocat", "type": "nuget", "name": "Octo.Client", "versions": nuget},
    {"owner": "octocat", "type": "container", "name": "site", "versions": site},
]}
# An organisation (issue 13): octocat is its admin, so the demo token may delete and restore here.
# Appended after the user's packages, so their ids, and every plan of them, stay as they were.
org = "octo-org"
state["accounts"] = {org: {"type": "Organization", "admins": ["octocat"]}}

def service(label, releases, prs, builds, deleted_pr=None):
    """A service's images: tagged releases (the newest also `latest`), pull-request images, untagged builds."""
    out = []
    for i in range(releases):
        tags = [f"v{i + 1}.0.0"] + (["latest"] if i == releases - 1 else [])
        out.append(version(image(f"{label}-v{i + 1}"), 4 + 15 * (releases - 1 - i), tags))
    for number, age in prs:
        out.append(version(image(f"{label}-pr-{number}"), age, [f"pr-{number}"]))
    for i, age in enumerate(builds):
        out.append(version(image(f"{label}-build-{i}"), age))
    if deleted_pr is not None:
        out.append(version(image(f"{label}-pr-{deleted_pr}"), 20, [f"pr-{deleted_pr}"], deleted=3))
    return out

state["packages"] += [
    {"owner": org, "type": "container", "name": "gateway", "versions": service("gateway", 4, [(101, 2), (104, 12), (108, 40)], [1, 9, 50], deleted_pr=99)},
    {"owner": org, "type": "container", "name": "worker", "versions": service("worker", 3, [(7, 5), (9, 33)], [20])},
    {"owner": org, "type": "container", "name": "tools/migrate", "versions": service("migrate", 2, [], [3])},
    {"owner": org, "type": "npm", "name": "octo-utils", "versions": [plain("0.9.0", 200), plain("1.0.0", 120), plain("1.1.0", 60, deleted=4), plain("1.2.0", 10)]},
]

state["blobs"] = blobs

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "examples", "sandbox-state.json"), "w") as f:
    json.dump(state, f, indent=1)
    f.write("\n")
