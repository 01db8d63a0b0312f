// Screenshots of every view of the app on a library of your choice, to look
// at the app as a person would (the end-to-end tests save their own).
//
// usage (under X, e.g. xvfb-run -a -s "-screen 0 1600x1000x24"):
//   node tour.mjs APP_BINARY LIBRARY_DIR
// Screenshots go to target/e2e-artifacts/tour-*.png.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By } from "selenium-webdriver";

import { App, sleep } from "./harness.mjs";

const [binary, library] = process.argv.slice(2);
if (!binary || !library) {
  console.error("usage: node tour.mjs APP_BINARY LIBRARY_DIR");
  process.exit(2);
}
const home = mkdtempSync(join(tmpdir(), "mahres-tour-"));
const app = await App.launch({ binary, library, home });
try {
  await sleep(1_500);
  await app.screenshot("tour-library");
  await (await app.session.findElement(By.css('[aria-label="Search help"]'))).click();
  await sleep(400);
  await app.screenshot("tour-search-help");
  await (await app.session.findElement(By.css('[aria-label="Search help"]'))).click();
  const tiles = await app.session.findElements(By.css('[data-testid="tile"]'));
  if (tiles.length) {
    await tiles[Math.min(2, tiles.length - 1)].click();
    await sleep(800);
    await app.screenshot("tour-details");
  }
  // The timeline: newest first, grouped by month (the default grouping).
  await (await app.session.findElement(By.css('select[aria-label="Sort"] option[value="newest"]'))).click();
  await sleep(1_000);
  await app.screenshot("tour-timeline");
  await (await app.$("activity-toggle")).click();
  await sleep(500);
  await app.screenshot("tour-activity");
  await (await app.$("activity-toggle")).click();
  for (const view of ["duplicates", "notes", "groups", "folders"]) {
    await (await app.$(`tab-${view}`)).click();
    await sleep(800);
    await app.screenshot(`tour-${view}`);
  }
} finally {
  await app.quit();
  rmSync(home, { recursive: true, force: true });
}
