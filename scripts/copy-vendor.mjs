// Copies the dashboard's browser libraries from node_modules/ into
// sitroom/web/static/vendor/ so the app serves them itself (offline, no CDN).
// Run by `npm ci` / `npm install` as the postinstall step.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "sitroom", "web", "static", "vendor");

// [package folder in node_modules, files or folders to copy, target folder in vendor/]
const copies = [
  ["leaflet/dist", ["leaflet.js", "leaflet.css", "images"], "leaflet"],
  [
    "leaflet.markercluster/dist",
    ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"],
    "leaflet.markercluster",
  ],
  ["swagger-ui-dist", ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"], "swagger-ui"],
  ["leaflet", ["LICENSE"], "leaflet"],
  ["leaflet.markercluster", ["MIT-LICENCE.txt"], "leaflet.markercluster"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, names, to] of copies) {
  const target = join(vendor, to);
  mkdirSync(target, { recursive: true });
  for (const name of names) {
    const source = join(root, "node_modules", from, name);
    if (!existsSync(source)) {
      console.error(`copy-vendor: missing ${source}; run npm ci again`);
      process.exit(1);
    }
    cpSync(source, join(target, name), { recursive: true });
  }
}
console.log(`copy-vendor: browser libraries copied to ${vendor}`);
