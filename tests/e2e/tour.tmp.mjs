import { App, sleep } from "./harness.mjs";
import { By, Key } from "selenium-webdriver";
import { execFileSync } from "node:child_process";
const app = await App.launch({ binary: process.env.BIN, library: "/tmp/demo/lib", home: "/tmp/demo" });
try {
  await sleep(1500);
  (await app.session.findElements(By.css('[data-testid="tile"]')))[2].click();
  await sleep(800);
  await app.screenshot("tour-details");
  // notes
  (await app.$("tab-notes")).click(); await sleep(500); await app.screenshot("tour-notes");
  (await app.$("tab-groups")).click(); await sleep(500); await app.screenshot("tour-groups");
  (await app.$("tab-folders")).click(); await sleep(500); await app.screenshot("tour-folders");
  (await app.$("tab-duplicates")).click(); await sleep(800); await app.screenshot("tour-duplicates");
  (await app.$("tab-library")).click(); await sleep(500);
  // import menu -> Files… opens the native picker
  const buttons = await app.session.findElements(By.xpath("//button[contains(., 'Import')]"));
  await buttons[0].click(); await sleep(300);
  await app.screenshot("tour-import-menu");
  const files = await app.session.findElements(By.xpath("//*[contains(text(), 'Files')]"));
  if (files.length) { files[0].click(); await sleep(1500); execFileSync("import", ["-window", "root", "/work/main/target/e2e-artifacts/tour-picker-screen.png"]); execFileSync("xdotool", ["key", "Escape"]); }
} finally { await app.quit(); }
