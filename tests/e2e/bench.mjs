// Desktop benchmarks (docs/BENCHMARKS.md), each beside its baseline in one run:
//
// 1. 500 photos dropped onto the window: time to the first tile shown and to
//    every thumbnail done and shown, against the engine alone doing the same
//    work from the CLI (`mahres import --no-wait`, then `mahres wait`).
// 2. Memory of the app (its process plus WebKit's) with 100,000 items in the
//    library, after scrolling the grid to the middle and the end, against the
//    same app on an empty library.
//
// 3. With BENCH_LIBRARY=DIR (scripts/bench.sh gives it the million-item
//    library the engine's `million` bench leaves with `--keep`): launch to
//    grid and memory of the app on that library, after scrolling and after
//    opening the Duplicates view, against the same app on an empty library.
//
// usage (under X, see scripts/bench.sh): node bench.mjs APP_BINARY MAHRES_CLI PHOTO...
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";

import { App, sleep, waitFor } from "./harness.mjs";
import { encodePng } from "./png.mjs";

const [binary, cli, ...photos] = process.argv.slice(2);
const PHOTOS = 500;
const ITEMS = 100_000;

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

function timed(args) {
  const start = performance.now();
  const run = spawnSync(cli, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) throw new Error(`mahres ${args.join(" ")} failed`);
  return performance.now() - start;
}

/** Resident memory (kB) of a process and all its descendants. */
function treeRss(pid) {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,rss="]).toString().trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of table) if (tree.has(pp) && !tree.has(p)) tree.add(p), (grew = true);
  }
  const own = table.find(([p]) => p === pid)?.[2] ?? 0;
  const all = table.filter(([p]) => tree.has(p)).reduce((n, [, , rss]) => n + rss, 0);
  return { own, all };
}

/** CPU seconds used so far by a process, and by its descendants (WebKit's). */
function treeCpu(pid) {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,cputimes="]).toString().trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of table) if (tree.has(pp) && !tree.has(p)) tree.add(p), (grew = true);
  }
  const own = table.find(([p]) => p === pid)?.[2] ?? 0;
  const all = table.filter(([p]) => tree.has(p)).reduce((n, [, , t]) => n + t, 0);
  return { own, others: all - own };
}

function appPid(library) {
  const out = execFileSync("pgrep", ["-f", `mahresources --library ${library}`]).toString().trim().split("\n");
  return Number(out[0]);
}

async function dropBenchmark(home) {
  const folder = join(home, "photos");
  mkdirSync(folder);
  for (let i = 0; i < PHOTOS; i++) {
    const source = photos[i % photos.length];
    copyFileSync(source, join(folder, `photo-${String(i).padStart(3, "0")}${extname(source)}`));
  }

  // Baseline: the engine alone, from the CLI.
  const cliLibrary = join(home, "cli-library");
  const acknowledged = timed(["--library", cliLibrary, "import", "--no-wait", folder]);
  const processed = acknowledged + timed(["--library", cliLibrary, "wait"]);

  const library = join(home, "app-library");
  const app = await App.launch({ binary, library, home });
  try {
    // The page's own clock: the overlay leaving is the drop; then the first
    // tile, then the activity at zero with every tile in view showing its
    // thumbnail (the grid only draws what is in view).
    await app.exec(() => {
      // Checked on every DOM change (not every frame, which would itself
      // keep the page busy), stamped with the page's clock.
      const marks = (window.__bench = {});
      const check = () => {
        const now = performance.now();
        const overlay = document.querySelector('[data-testid="drop-overlay"]');
        if (overlay) marks.overlay = true;
        else if (marks.overlay && marks.drop === undefined) marks.drop = now;
        const tiles = document.querySelectorAll('[data-testid="tile"]');
        if (marks.drop !== undefined && marks.first === undefined && tiles.length) marks.first = now;
        const pending = document.querySelector('[data-testid="activity-pending"]')?.textContent?.trim();
        const loaded = document.querySelectorAll('[data-testid="tile"][data-thumb="loaded"]').length;
        if (marks.first !== undefined && marks.done === undefined && pending === "0" && tiles.length && loaded === tiles.length) {
          marks.done = now;
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    if ((await app.count("activity-panel")) === 0) (await app.$("activity-toggle")).click();
    const cpuBefore = treeCpu(appPid(library));
    await app.dragFiles([folder], () => waitFor("the drop overlay", async () => (await app.count("drop-overlay")) > 0, 5_000));
    const marks = await waitFor("every thumbnail", () => app.exec(() => window.__bench.done !== undefined && window.__bench), 600_000, 500);
    const cpuAfter = treeCpu(appPid(library));
    return {
      cpu: { app: cpuAfter.own - cpuBefore.own, webkit: cpuAfter.others - cpuBefore.others },
      firstTile: marks.first - marks.drop,
      allShown: marks.done - marks.drop,
      acknowledged,
      processed,
    };
  } finally {
    await app.quit();
  }
}

async function memoryOf(library, home, duplicates = false) {
  const launched = performance.now();
  const app = await App.launch({ binary, library, home });
  try {
    await waitFor(
      "the grid",
      async () => (await app.count("tile")) > 0 || (await app.exec(() => document.body.textContent.includes("library is empty"))),
      30_000,
      20,
    );
    const startup = performance.now() - launched;
    await sleep(2_000);
    const opened = treeRss(appPid(library));
    // Scroll through the grid: the middle, then the end.
    for (const at of [0.5, 1]) {
      await app.exec((f) => {
        const scroller = document.querySelector(".grid-scroll, [data-testid=grid]") ?? document.scrollingElement;
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * f;
      }, at);
      await sleep(1_500);
    }
    await sleep(2_000);
    const scrolled = treeRss(appPid(library));
    if (!duplicates) return { startup, opened, scrolled };
    // The Duplicates view: every group worked out, the first hundred shown.
    const asked = performance.now();
    await (await app.$("tab-duplicates")).click();
    await waitFor(
      "the duplicate groups",
      async () => (await app.count("dup-group")) > 0 || (await app.exec(() => document.body.textContent.includes("No duplicates"))),
      120_000,
      50,
    );
    const groupsShown = performance.now() - asked;
    await sleep(2_000);
    const withDuplicates = treeRss(appPid(library));
    return { startup, opened, scrolled, groupsShown, withDuplicates };
  } finally {
    await app.quit();
  }
}

async function memoryBenchmark(home) {
  const folder = join(home, "many");
  mkdirSync(folder);
  for (let i = 0; i < ITEMS; i++) {
    const png = encodePng(8, 8, (x, y) => [(i * 7 + x * 30) % 256, (i >> 8) % 256, (y * 30 + i) % 256]);
    writeFileSync(join(folder, `item-${String(i).padStart(6, "0")}.png`), png);
  }
  const big = join(home, "big-library");
  const recorded = timed(["--library", big, "import", "--no-wait", folder]);
  const processed = timed(["--library", big, "wait"]);
  console.error(`  100,000 items recorded in ${secs(recorded)}, processed in ${secs(processed)}`);
  const empty = await memoryOf(join(home, "empty-library"), home);
  const full = await memoryOf(big, home);
  return { empty, full };
}

const home = mkdtempSync(join(tmpdir(), "mahres-bench-"));
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
if (process.env.BENCH_LIBRARY) {
  try {
    // A home each: the window remembers its last view, which here is Duplicates.
    mkdirSync(join(home, "empty"));
    mkdirSync(join(home, "big"));
    const empty = await memoryOf(join(home, "empty-library"), join(home, "empty"), true);
    const big = await memoryOf(process.env.BENCH_LIBRARY, join(home, "big"), true);
    for (const [name, m] of Object.entries({ empty, big })) {
      console.log(`startup, ${name} library: launch to grid shown ${secs(m.startup)} (WebDriver session start included)`);
      console.log(
        `memory, ${name} library: app ${mb(m.opened.own)} → ${mb(m.scrolled.own)} after scrolling → ${mb(m.withDuplicates.own)} with the duplicates shown (in ${secs(m.groupsShown)}); with WebKit's processes ${mb(m.opened.all)} → ${mb(m.scrolled.all)} → ${mb(m.withDuplicates.all)}`,
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  process.exit(0);
}
try {
  const drop = await dropBenchmark(home);
  console.log(`drop ${PHOTOS} photos: first tile ${secs(drop.firstTile)} (CLI import acknowledged ${secs(drop.acknowledged)}, ratio ${(drop.firstTile / drop.acknowledged).toFixed(2)})`);
  console.log(`drop ${PHOTOS} photos: all thumbnails shown ${secs(drop.allShown)} (CLI import + wait ${secs(drop.processed)}, ratio ${(drop.allShown / drop.processed).toFixed(2)})`);
  console.log(`drop ${PHOTOS} photos: CPU used by the app ${drop.cpu.app} s, by WebKit's processes ${drop.cpu.webkit} s`);
  if (process.env.BENCH_ONLY !== "drop") {
    const memory = await memoryBenchmark(home);
    for (const [name, m] of Object.entries(memory)) {
      console.log(`startup, ${name} library: launch to grid shown ${secs(m.startup)} (WebDriver session start included)`);
      console.log(`memory, ${name} library: app ${mb(m.opened.own)} → ${mb(m.scrolled.own)} after scrolling; with WebKit's processes ${mb(m.opened.all)} → ${mb(m.scrolled.all)}`);
    }
    console.log(
      `memory ratio 100,000 items / empty: app ${(memory.full.scrolled.own / memory.empty.scrolled.own).toFixed(2)}, with WebKit ${(memory.full.scrolled.all / memory.empty.scrolled.all).toFixed(2)}`,
    );
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
