// Writes src-tauri/tauri.conf.json for the Tauri bundler, from the root's
// tauri.conf.json (the one source of truth): the bundler insists that the
// config sits in the crate's folder and resolves its paths from there, so
// every path is rewritten relative to src-tauri, and the `mahres` CLI built
// beside the app is added to the package as /usr/bin/mahres.
//
// Usage: node packaging/bundle-config.mjs PATH_TO_MAHRES_BINARY
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const crate = join(root, "src-tauri");
const cli = process.argv[2];
if (!cli) {
  console.error("usage: node packaging/bundle-config.mjs PATH_TO_MAHRES_BINARY");
  process.exit(2);
}

const fromCrate = (path) => relative(crate, join(root, path));
const config = JSON.parse(readFileSync(join(root, "tauri.conf.json"), "utf8"));
config.build.frontendDist = fromCrate(config.build.frontendDist);
// The page is built already (scripts/package.sh builds it first).
delete config.build.beforeBuildCommand;
config.bundle.active = true;
config.bundle.icon = config.bundle.icon.map(fromCrate);
const deb = config.bundle.linux.deb;
deb.desktopTemplate = fromCrate(deb.desktopTemplate);
deb.files = { ...(deb.files ?? {}), "/usr/bin/mahres": resolve(cli) };

writeFileSync(join(crate, "tauri.conf.json"), `${JSON.stringify(config, null, 2)}\n`);
