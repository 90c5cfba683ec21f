#!/usr/bin/env node
/**
 * The npm registry reachable from this project's machines does not serve every platform build of
 * optional native packages (e.g. @unrs/resolver-binding-darwin-arm64, pulled in by jest 30), so
 * `npm install` leaves them out of package-lock.json and `npm ci` then rejects the lock
 * ("Missing: ... from lock file") everywhere. This adds a lock entry for each optional dependency
 * the lock declares but lacks, with its os/cpu/libc read from the package name; npm skips them on
 * other platforms and fetches them by version where they apply.
 *   node tools/complete-lockfile.js      (after any npm install that rewrites the lock)
 */
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const OS = ["android", "darwin", "freebsd", "linux", "openharmony", "win32", "sunos", "aix", "netbsd", "openbsd"];
const CPU = ["arm64", "arm", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32"];
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
        const at = `${key ? key + "/" : ""}node_modules/${name}`;
        const hoisted = `node_modules/${name}`;
        if (lock.packages[at] || lock.packages[hoisted]) continue;
        const parts = name.split("/").pop().split("-");
        const os = parts.find(p => OS.includes(p));
        const cpu = parts.find(p => CPU.includes(p));
        if (!os || !cpu) continue;
        const entry = { version, cpu: [cpu], dev: pkg.dev || undefined, license: pkg.license, optional: true, os: [os] };
        if (parts.includes("gnu") || parts.includes("gnueabihf")) entry.libc = ["glibc"];
        if (parts.includes("musl") || parts.includes("musleabihf")) entry.libc = ["musl"];
        lock.packages[hoisted] = JSON.parse(JSON.stringify(entry));
        added++;
    }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.error(`complete-lockfile: added ${added} optional platform entries`);
