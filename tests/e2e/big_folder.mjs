// A look at the app while it adds a watched folder of many files: how soon
// the first files show, how the Folders view counts the walk, and whether
// the window stays responsive (page and IPC round trips) all along.
//
// usage (under X): node big_folder.mjs APP_BINARY [FILES]
// Screenshots go to target/e2e-artifacts/big-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { App, sleep, waitFor } from "./harness.mjs";

const [binary, filesArg] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node big_folder.mjs APP_BINARY [FILES]");
  process.exit(2);
}
const files = Number(filesArg ?? 100_000);
const home = mkdtempSync(join(tmpdir(), "mahres-big-"));
const folder = join(home, "Archive");
for (let i = 0; i < files; i++) {
  const dir = join(folder, `d${String(i % 1000).padStart(3, "0")}`);
  if (i < 1000) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `note${String(i).padStart(6, "0")}.txt`), `note number ${i}`);
}
console.log(`${files} files written`);

const app = await App.launch({ binary, library: join(home, "library"), home });
try {
  await (await app.$("tab-folders")).click();
  await (await app.$("add-folder")).click();
  await app.chooseFolder("Watch a folder", folder);
  const chosen = Date.now();

  const ipc = () =>
    app.session.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      const t = performance.now();
      window.__TAURI_INTERNALS__.invoke("progress").then(() => done(performance.now() - t), (e) => done(-1));
    `);
  let worstIpc = 0;
  let worstPage = 0;
  let firstCount = null;
  let shots = 0;
  for (;;) {
    const t = Date.now();
    const text = await app.exec(() => document.querySelector('[data-testid="folder-row"]')?.textContent ?? "");
    worstPage = Math.max(worstPage, Date.now() - t);
    worstIpc = Math.max(worstIpc, await ipc());
    if (firstCount === null && /recorded so far|items/.test(text)) firstCount = Date.now() - chosen;
    if (shots < 2 && /recorded so far/.test(text)) await app.screenshot(`big-walking-${++shots}`);
    if (text.includes("last scanned")) {
      console.log(`walk done ${Date.now() - chosen} ms after choosing the folder: ${text}`);
      break;
    }
    if (Date.now() - chosen > 120_000) throw new Error("the walk never finished");
    await sleep(100);
  }
  await app.screenshot("big-walked");
  console.log(`first count in the Folders view ${firstCount} ms after choosing; worst page round trip ${worstPage} ms, worst IPC round trip ${worstIpc.toFixed(0)} ms`);
  await (await app.$("tab-library")).click();
  await sleep(1000);
  await app.screenshot("big-library");
} finally {
  await app.quit();
  rmSync(home, { recursive: true, force: true });
}
