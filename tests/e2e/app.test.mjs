// End-to-end: the real binary on a fresh library, under Xvfb, through
// WebDriver, with a real drag and drop. One app for the whole file; the
// steps build on each other like a person's first session would. Each step
// saves a screenshot to target/e2e-artifacts/.
import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { By, Key } from "selenium-webdriver";

import { App, artifacts, repo, sleep, waitFor } from "./harness.mjs";
import { writeKinds } from "./kinds.mjs";
import { writePicture } from "./png.mjs";

const binary =
  process.env.MAHRES_APP_BINARY ??
  join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "mahresources");

const home = mkdtempSync(join(tmpdir(), "mahres-e2e-"));
const library = join(home, "library");
const drop = join(home, "Holiday photos");
const names = [];

function makePictures() {
  mkdirSync(drop, { recursive: true });
  const add = (name, seed, w, h) => {
    writePicture(join(drop, name), seed, w, h);
    names.push(name);
  };
  add("harbour-sunrise.png", 1, 320, 240);
  for (let i = 0; i < 9; i++) add(`trip-${String(i).padStart(2, "0")}.png`, 20 + i * 7, 300, 200);
  // One picture twice, at two sizes: a near duplicate.
  add("waterfall.png", 5, 480, 320);
  add("waterfall-small-copy.png", 5, 240, 160);
  // A file that says it is a PNG and is not.
  const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400, 0x42)]);
  writeFileSync(join(drop, "broken.png"), broken);
  names.push("broken.png");
}

let app;

before(async () => {
  assert.ok(existsSync(binary), `build the app first: ${binary} is missing`);
  makePictures();
  app = await App.launch({ binary, library, home });
});

afterEach(async (t) => {
  // What the window showed when a step failed, for whoever reads the log.
  if (t.passed === false || t.error) {
    await app?.screenshot(`failed-${t.name.slice(0, 2).replace(/\W/g, "")}`).catch(() => {});
    const said = await app?.describe().catch((e) => `(could not read the window: ${e})`);
    console.log(`# the window when "${t.name}" failed:\n${said}`.replaceAll("\n", "\n# "));
  }
});

after(async () => {
  await app?.quit();
  rmSync(home, { recursive: true, force: true });
});

async function search(text) {
  const input = await app.$("search-input");
  // Typed away key by key, as a person would: WebDriver's clear() sets the
  // value without the input events the page listens to.
  const current = await input.getAttribute("value");
  if (current) await input.sendKeys(...Array(current.length).fill(Key.BACK_SPACE));
  if (text) await input.sendKeys(text);
}

async function openActivity() {
  if ((await app.count("activity-panel")) === 0) (await app.$("activity-toggle")).click();
  return app.$("activity-panel");
}

async function tileNames() {
  return app.exec(() => [...document.querySelectorAll('[data-testid="tile"] .tile-name')].map((e) => e.textContent));
}

describe("Mahresources, as a person uses it", () => {
  it("1. imports a folder dropped onto the window; tiles appear at once, then thumbnails, and the activity counts down", async () => {
    assert.equal(await app.count("tile"), 0, "a fresh library is empty");
    await openActivity();
    let overlaySeen = false;
    await app.dragFiles([drop], async () => {
      overlaySeen = await waitFor("the drop overlay", async () => (await app.count("drop-overlay")) > 0, 5_000);
      await app.screenshot("1a-drop-overlay");
    });
    assert.ok(overlaySeen);
    const dropped = Date.now();
    await waitFor("a tile per dropped file", async () => (await app.count("tile")) === names.length, 15_000, 50);
    const firstTiles = Date.now() - dropped;
    await app.screenshot("1b-tiles-appear");
    console.log(`  ${names.length} tiles shown ${firstTiles} ms after the drop`);
    assert.deepEqual([...(await tileNames())].sort(), [...names].sort());
    assert.equal(await app.count("drop-overlay"), 0, "the overlay goes away on drop");

    // Thumbnails replace the placeholders, with no reload.
    await waitFor(
      "every thumbnail",
      async () => (await app.session.findElements(By.css('[data-testid="tile"][data-thumb="loaded"]'))).length === names.length - 1,
      60_000,
    );
    await waitFor("the activity to count down to zero", async () => (await app.text("activity-pending")).trim() === "0", 60_000);
    await app.screenshot("1c-thumbnails-filled-in");
  });

  it("2. search finds a file by a word of its name and by a tag added in the details pane; a bad query says what is wrong", async () => {
    await search("harbour");
    await waitFor("one result", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === "harbour-sunrise.png";
    });
    await app.screenshot("2a-search-by-name");

    // Tag it in the details pane.
    await (await app.session.findElements(By.css('[data-testid="tile"]')))[0].click();
    await app.$("details-pane");
    const tagInput = await app.$("tag-input");
    await tagInput.sendKeys("keeper", Key.ENTER);
    await waitFor("the tag chip", async () => (await app.exec(() => [...document.querySelectorAll('[data-testid="tag-chip"]')].map((e) => e.textContent).join(" "))).includes("keeper"));
    await app.screenshot("2b-tag-added");

    await search("tag:keeper");
    await waitFor("the tagged file", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === "harbour-sunrise.png";
    }, 10_000);
    await app.screenshot("2c-search-by-tag");

    await search('"unclosed');
    const message = await waitFor("the query error", async () => (await app.$$("search-error")).length && app.text("search-error"));
    assert.match(message, /quote/i);
    await app.screenshot("2d-bad-query");
    await search("");
    await waitFor("the whole library again", async () => (await app.count("tile")) === names.length);
  });

  it("3. a corrupt image shows as failed in the activity panel, with its error and Retry", async () => {
    const state = await app.exec(() => {
      const tile = [...document.querySelectorAll('[data-testid="tile"]')].find((t) => t.querySelector(".tile-name")?.textContent === "broken.png");
      return tile?.getAttribute("data-state");
    });
    assert.equal(state, "failed");
    await openActivity();
    const rows = await waitFor("the failure rows", () =>
      app.exec(() =>
        [...document.querySelectorAll('[data-testid="failure-row"]')].map((row) => ({
          text: row.textContent,
          retry: row.querySelectorAll('[data-testid="retry-button"]').length,
        })),
      ).then((rows) => rows.length > 0 && rows),
    );
    const thumbnail = rows.find((r) => r.text.includes("broken.png") && r.text.includes("thumbnail"));
    assert.ok(thumbnail, `the thumbnail failure is listed: ${JSON.stringify(rows)}`);
    assert.match(thumbnail.text, /the PNG file is damaged/, "shows the error in plain words");
    assert.equal(thumbnail.retry, 1, "offers Retry");
    await app.screenshot("3-failure-with-retry");
  });

  it("4. near-duplicate copies appear in the duplicates view, and merging leaves one", async () => {
    await (await app.$("tab-duplicates")).click();
    await app.$("duplicates-view");
    await waitFor("one duplicate group", async () => (await app.count("dup-group")) === 1);
    const groupText = await app.text("dup-group");
    assert.match(groupText, /waterfall\.png/);
    assert.match(groupText, /waterfall-small-copy\.png/);
    await app.screenshot("4a-duplicates");
    // Compare: side by side, what differs listed (sizes and dimensions here).
    await (await app.$("compare-open")).click();
    await app.$("compare");
    await waitFor("a pane per copy", async () => (await app.count("compare-pane")) === 2);
    await waitFor("the differences listed", async () =>
      (await app.session.findElements(By.css('[data-testid="compare-fact"][data-differs="true"]'))).length >= 2);
    await app.screenshot("4a2-compare");
    await app.session.actions().sendKeys(Key.ESCAPE).perform();
    await waitFor("Compare closed", async () => (await app.count("compare")) === 0);
    await (await app.$("merge-button")).click();
    await sleep(200);
    const confirm = await app.$$("confirm-yes");
    if (confirm.length) await confirm[0].click();
    await waitFor("no duplicates left", async () => (await app.count("dup-group")) === 0);
    await app.screenshot("4b-merged");
    await (await app.$("tab-library")).click();
    await waitFor("one tile fewer", async () => (await app.count("tile")) === names.length - 1);
    const left = await tileNames();
    assert.equal(left.filter((n) => n.startsWith("waterfall")).length, 1);
    // The merged-away copy waits in the Trash: Ctrl+Z brings it back, and
    // Ctrl+Shift+Z merges again.
    await app.session.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();
    await waitFor("the merge undone", async () => (await app.count("tile")) === names.length);
    await waitFor("the toast naming it", async () =>
      (await app.exec(() => [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent).join("\n"))).includes("Undid: Merged 1 item into"));
    await app.screenshot("4c-merge-undone");
    await app.session.actions().keyDown(Key.CONTROL).keyDown(Key.SHIFT).sendKeys("z").keyUp(Key.SHIFT).keyUp(Key.CONTROL).perform();
    await waitFor("merged again", async () => (await app.count("tile")) === names.length - 1);
    await app.exec(() => document.querySelectorAll(".toast-close").forEach((b) => b.click()));
  });

  it("5. the mahres:// protocol serves by resource id and refuses anything path-like", async () => {
    await (await app.$("tab-library")).click();
    await waitFor("the grid", async () => (await app.count("tile")) > 0);
    const id = await app.exec(() => document.querySelector('[data-testid="tile"][data-thumb="loaded"]')?.getAttribute("data-id"));
    assert.ok(id);
    const load = (url) =>
      app.session.executeAsyncScript((src, done) => {
        const img = new Image();
        img.onload = () => done(`loaded ${img.naturalWidth}x${img.naturalHeight}`);
        img.onerror = () => done("refused");
        img.src = src;
      }, url);
    assert.match(await load(`mahres://localhost/thumb/${id}`), /^loaded \d+x\d+$/);
    for (const url of [
      "mahres://localhost/etc/passwd",
      "mahres://localhost/thumb/..%2F..%2F..%2Fetc%2Fpasswd",
      `mahres://localhost/original/${encodeURIComponent(join(drop, "trip-00.png"))}`,
      // (A literal "/../" is resolved by the URL parser before any request.)
      `mahres://localhost/thumb/${id}%2F..%2F${id}`,
      `mahres://localhost/preview/${id}.jpg`,
    ]) {
      assert.equal(await load(url), "refused", url);
    }
    await app.screenshot("5-protocol-checked");
  });

  it("6. after the app is stopped (SIGTERM, as at logout) and started again, the library is all there, tags included, in a window of the size and place it was left", async () => {
    app.resizeWindow(1000, 700);
    app.moveWindow(120, 90);
    await waitFor("the new size and place", async () => {
      const g = app.windowGeometry();
      return g.width === 1000 && g.x === 120;
    });
    await sleep(300);
    await app.terminate();
    app = await App.launch({ binary, library, home });
    const { x, y, width, height } = app.windowGeometry();
    assert.deepEqual([width, height], [1000, 700], "the window's size is remembered");
    assert.deepEqual([x, y], [120, 90], "and its place");
    await waitFor("the library", async () => (await app.count("tile")) === names.length - 1);
    await search("tag:keeper");
    await waitFor("the tag given before the restart", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === "harbour-sunrise.png";
    });
    await app.screenshot("6-after-restart");
  });

  it("7. light and dark follow the system's theme", async () => {
    const look = () => app.exec(() => [matchMedia("(prefers-color-scheme: dark)").matches, getComputedStyle(document.body).backgroundColor]);
    const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
    const [lightScheme, lightBackground] = await look();
    assert.equal(lightScheme, false);
    assert.ok(luminance(lightBackground) > 180, lightBackground);
    // The same library, with GTK told to prefer its dark theme.
    await app.terminate();
    app = await App.launch({ binary, library, home, env: { GTK_THEME: "Adwaita:dark" } });
    await waitFor(
      "the thumbnails, served again after the restart",
      async () => (await app.session.findElements(By.css('[data-testid="tile"][data-thumb="loaded"]'))).length === names.length - 2,
    );
    const [darkScheme, darkBackground] = await look();
    assert.equal(darkScheme, true);
    assert.ok(luminance(darkBackground) < 60, darkBackground);
    await sleep(500); // the thumbnails fade in
    await app.screenshot("7-dark");
  });

  it("8. Import → Folder… opens the system's folder picker, and cancelling it imports nothing", async () => {
    const before = await app.count("tile");
    await (await app.$("import-button")).click();
    await (await app.$("import-folder")).click();
    const picker = () => app.nativeWindow("Import into Mahresources");
    const id = await waitFor("the native folder picker", async () => picker(), 10_000);
    execFileSync("/usr/bin/import", ["-window", "root", join(artifacts, "8-folder-picker.png")]);
    // Focus it (there is no window manager to do so), then Escape = Cancel.
    execFileSync("xdotool", ["windowfocus", "--sync", id, "key", "Escape"]);
    await waitFor("the picker to close", async () => picker() === null, 10_000);
    await sleep(300);
    assert.equal(await app.count("tile"), before);
  });

  it("9. a folder added in Folders through the system's picker is walked; files added to it later show by themselves; new rules take files out", async () => {
    const camera = join(home, "Camera roll");
    mkdirSync(camera, { recursive: true });
    for (let i = 0; i < 12; i++) writePicture(join(camera, `camera-${String(i).padStart(2, "0")}.png`), 100 + i, 200, 150);
    for (let i = 0; i < 3; i++) writeFileSync(join(camera, `camera-${i}.xmp`), "<x:xmpmeta/>");
    await (await app.$("tab-folders")).click();
    await (await app.$("add-folder")).click();
    await app.chooseFolder("Watch a folder", camera, async () => {
      execFileSync("/usr/bin/import", ["-window", "root", join(artifacts, "9a-watch-picker.png")]);
    });

    const row = async () => app.exec((path) => [...document.querySelectorAll('[data-testid="folder-row"]')].find((r) => r.textContent.includes(path))?.textContent ?? "", camera);
    await waitFor("the folder with its 15 files", async () => (await row()).includes("15 items"), 20_000);
    await app.screenshot("9b-folder-watched");

    // Live: a file written now shows without anyone asking.
    await (await app.$("tab-library")).click();
    await search("camera");
    await waitFor("the folder's pictures in the grid", async () => (await app.count("tile")) === 15, 10_000);
    writePicture(join(camera, "camera-new.png"), 999, 200, 150);
    await waitFor("the new file in the grid", async () => (await app.count("tile")) === 16, 15_000);
    await app.screenshot("9c-new-file-shows");

    // New rules: the sidecar files leave the library, not the disk.
    await (await app.$("tab-folders")).click();
    await waitFor("the folder row", async () => (await row()).length > 0, 5_000);
    const edit = await app.exec((path) => {
      const r = [...document.querySelectorAll('[data-testid="folder-row"]')].find((x) => x.textContent.includes(path));
      r?.querySelector('[data-testid="edit-rules"]')?.click();
      return Boolean(r);
    }, camera);
    assert.ok(edit);
    const exclude = await app.$("rules-exclude");
    await exclude.sendKeys("*.xmp");
    await (await app.$("rules-save")).click();
    await (await app.$("confirm-yes")).click();
    await waitFor("the folder with its 13 pictures", async () => (await row()).includes("13 items"), 15_000);
    assert.ok(existsSync(join(camera, "camera-0.xmp")), "files stay on disk");
    await app.screenshot("9d-new-rules");
  });

  it("10. photos from a trip, dropped in, read their date, camera and place: a timeline under month headers, and a photo's info panel", async () => {
    const trip = join(home, "Trips");
    mkdirSync(trip, { recursive: true });
    const shots = [
      ["kyoto-temple.png", "2021:04:02 09:15:00", "+09:00", 35.0116, 135.7681, "FUJIFILM", "X-T3"],
      ["kyoto-garden.png", "2021:04:03 16:20:00", "+09:00", 35.0394, 135.7292, "FUJIFILM", "X-T3"],
      ["paris-tower.png", "2019:07:14 18:42:07", "+02:00", 48.8584, 2.2945, "Canon", "Canon EOS 5D Mark II"],
      ["paris-river.png", "2019:07:15 08:05:00", "+02:00", 48.8566, 2.3522, "Canon", "Canon EOS 5D Mark II"],
      ["lisbon-tram.png", "2018:10:01 12:30:00", "+01:00", 38.7223, -9.1393, "Apple", "iPhone 12 Pro"],
    ];
    shots.forEach(([name, taken, offset, lat, lon, make, model], i) => {
      const path = join(trip, name);
      writePicture(path, 300 + i * 13, 360, 240);
      // exiftool (Debian's libimage-exiftool-perl) writes the PNG's eXIf chunk.
      execFileSync("exiftool", [
        "-q", "-overwrite_original",
        `-EXIF:DateTimeOriginal=${taken}`, `-EXIF:OffsetTimeOriginal=${offset}`,
        `-EXIF:Make=${make}`, `-EXIF:Model=${model}`,
        `-EXIF:GPSLatitude=${Math.abs(lat)}`, `-EXIF:GPSLatitudeRef=${lat < 0 ? "S" : "N"}`,
        `-EXIF:GPSLongitude=${Math.abs(lon)}`, `-EXIF:GPSLongitudeRef=${lon < 0 ? "W" : "E"}`,
        "-EXIF:FNumber=4", "-EXIF:ExposureTime=1/250", "-EXIF:ISO=400", "-EXIF:FocalLength=23",
        path,
      ]);
    });
    await (await app.$("tab-library")).click();
    await search("");
    await app.dragFiles([trip]);
    await search("has:taken");
    await waitFor("the trip's five photos, dated", async () => (await app.count("tile")) === 5, 30_000);

    // Newest first, grouped by month: real headers from the dates taken.
    await (await app.session.findElement(By.css('select[aria-label="Sort"] option[value="newest"]'))).click();
    const headers = () => app.exec(() => [...document.querySelectorAll('[data-testid="timeline-header"]')].map((e) => e.textContent));
    await waitFor("month headers", async () => (await headers()).length === 3, 15_000);
    const shown = await headers();
    assert.match(shown[0], /April 2021/);
    assert.match(shown[1], /July 2019/);
    assert.match(shown[2], /October 2018/);
    assert.equal(await app.count("timeline-scrubber"), 1);
    await app.screenshot("10a-timeline-by-month");

    // Places found offline; the info panel reads like a photo app's.
    await search("place:kyoto");
    await waitFor("the two Kyoto photos", async () => (await app.count("tile")) === 2, 10_000);
    await (await app.session.findElements(By.css('[data-testid="tile"]')))[0].click();
    const camera = await waitFor("the camera in the info panel", async () => (await app.count("photo-info-camera")) && app.text("photo-info-camera"), 10_000);
    assert.match(camera, /Fujifilm X-T3/);
    assert.match(await app.text("photo-info-place"), /Kyoto/);
    assert.match(await app.text("photo-info-exposure"), /ISO 400/);
    // Earlier steps' notices out of the way, the panel in view.
    await app.exec(() => {
      document.querySelectorAll(".toast-close").forEach((b) => b.click());
      document.querySelector('[data-testid="photo-info"]')?.scrollIntoView({ block: "start" });
    });
    await sleep(300);
    await app.screenshot("10b-photo-info");
    await search("paris");
    await waitFor("Paris by a plain word", async () => (await app.count("tile")) === 2, 10_000);
    await search("");
  });
  it("11. a folder of HEIC, AVIF, raw, SVG, PDF, a song and a text file: each gets a real thumbnail, and words inside them are found", async () => {
    const folder = join(home, "Everything else");
    const kinds = writeKinds(folder);
    await (await app.$("tab-library")).click();
    await search("");
    await app.dragFiles([folder]);
    const loaded = () =>
      app.exec((wanted) =>
        [...document.querySelectorAll('[data-testid="tile"][data-thumb="loaded"] .tile-name')]
          .map((e) => e.textContent)
          .filter((name) => wanted.includes(name)),
      kinds.pictured);
    await waitFor("a real thumbnail for each kind", async () => (await loaded()).length === kinds.pictured.length, 60_000);
    await app.exec(() => document.querySelectorAll(".toast-close").forEach((b) => b.click()));
    // Still sorted newest first (step 10): made just now, this drop leads the grid.
    await sleep(500);
    await app.screenshot("11a-every-kind-has-a-thumbnail");

    // RAW+JPEG: one tile, marked, the raw not listed on its own.
    await search("img_0500");
    await waitFor("the pair as one tile", async () => (await app.count("tile")) === 1, 15_000);
    const pairTiles = await app.exec(
      (pair) =>
        [...document.querySelectorAll('[data-testid="tile"]')]
          .filter((t) => [pair.shown, pair.attached].includes(t.querySelector(".tile-name")?.textContent))
          .map((t) => [t.querySelector(".tile-name").textContent, t.querySelector('[data-testid="tile-companion"]')?.textContent ?? null]),
      kinds.pair,
    );
    assert.deepEqual(pairTiles, [[kinds.pair.shown, "+DNG"]]);
    // Every control of the top bar is in the window, with nothing to scroll sideways.
    const fits = await app.exec(() => {
      const width = window.innerWidth;
      const within = (id) => {
        const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
        return box !== undefined && box.left >= 0 && box.right <= width;
      };
      return { scrolls: document.documentElement.scrollWidth > width, gear: within("settings-button"), library: within("tab-library") };
    });
    assert.deepEqual(fits, { scrolls: false, gear: true, library: true }, `at ${await app.exec(() => window.innerWidth)} px`);
    // The library setting, from the window: off shows the two files.
    await (await app.$("settings-button")).click();
    await app.$("settings-panel");
    const pairs = await app.$("setting-raw-jpeg-pairs");
    assert.equal(await pairs.isSelected(), true, "on by default");
    await pairs.click();
    await waitFor("the raw as its own tile", async () => (await app.count("tile")) === 2, 15_000);
    await app.screenshot("11c-settings-pairs-off");
    await (await app.$("setting-raw-jpeg-pairs")).click();
    await waitFor("one tile again", async () => (await app.count("tile")) === 1, 15_000);
    await app.session.actions().sendKeys(Key.ESCAPE).perform();
    // A word from page 3 of the PDF, a word inside the text file, a song by its artist.
    await search("zanzibar");
    await waitFor("the PDF by a word of its third page", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === "ferry-timetable.pdf";
    }, 15_000);
    await search("marmalade");
    await waitFor("the text file by a word inside", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === kinds.text;
    }, 15_000);
    await (await app.session.findElements(By.css('[data-testid="tile"]')))[0].click();
    await app.$("details-pane");
    await sleep(500);
    await app.screenshot("11b-text-file-details");
    await search("okafor");
    await waitFor("the song by its artist", async () => {
      const shown = await tileNames();
      return shown.length === 1 && shown[0] === "harbour-lights.mp3";
    }, 15_000);
    await search("");
  });
  it("12. Check library… finds a copy damaged on disk and repairs it from its original", async () => {
    // The library's copy of harbour-sunrise.png, found by its bytes.
    const original = readFileSync(join(drop, "harbour-sunrise.png"));
    const copies = readdirSync(join(library, "files"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path, e.name));
    const copy = copies.find((path) => readFileSync(path).equals(original));
    assert.ok(copy, "the photo's copy in the store");
    const damaged = Buffer.from(original);
    damaged[damaged.length >> 1] ^= 0xff;
    writeFileSync(copy, damaged);

    await (await app.$("settings-button")).click();
    await (await app.$("check-library")).click();
    const dialog = await app.$("check-library-dialog");
    await waitFor("the check to finish", async () => (await dialog.getAttribute("data-phase")) === "done", 30_000);
    const rows = await app.exec(() =>
      [...document.querySelectorAll('[data-testid="check-problem"]')].map((r) => [r.getAttribute("data-kind"), r.textContent.includes("harbour-sunrise.png")]),
    );
    assert.deepEqual(rows, [["damaged", true]]);
    await sleep(300); // past the dialog's fade-in
    await app.screenshot("12a-check-library-found-damage");
    await (await app.$("check-repair")).click();
    await waitFor("the copy repaired", async () =>
      app.exec(() => document.querySelector('[data-testid="check-problem"]')?.getAttribute("data-state") === "repaired"), 30_000);
    await app.screenshot("12b-check-library-repaired");
    assert.ok(readFileSync(copy).equals(original), "the copy has its bytes back");
    await app.session.actions().sendKeys(Key.ESCAPE).perform();
    await waitFor("the dialog closed", async () => (await app.count("check-library-dialog")) === 0);
  });
  it("13. Export… copies what a search finds, with an XMP sidecar each that exiftool reads, into a folder picked in the system's dialog", async () => {
    const out = join(home, "Exported");
    mkdirSync(out, { recursive: true });
    await search("tag:keeper");
    await waitFor("the kept photo", async () => (await app.count("tile")) === 1, 15_000);
    await (await app.$("import-button")).click();
    await (await app.$("import-menu-export")).click();
    await app.$("export-dialog");
    assert.equal(await (await app.$("export-scope-search")).isSelected(), true, "the search is what is exported");
    await app.screenshot("13a-export-dialog");
    await (await app.$("export-start")).click();
    await app.chooseFolder("Export to…", out, async () => {
      execFileSync("/usr/bin/import", ["-window", "root", join(artifacts, "13b-export-picker.png")]);
    });
    await waitFor("the export to finish", async () => (await app.count("export-summary")) === 1, 30_000);
    await app.screenshot("13b-exported");
    assert.ok(existsSync(join(out, "harbour-sunrise.png")), "the photo under its real name");
    const sidecar = JSON.parse(execFileSync("exiftool", ["-j", "-XMP-dc:Subject", join(out, "harbour-sunrise.png.xmp")]).toString())[0];
    assert.deepEqual([sidecar.Subject].flat(), ["keeper"]);
    const listed = JSON.parse(readFileSync(join(out, "library.json"), "utf8"));
    assert.deepEqual(listed.items.map((i) => i.exported_as), ["harbour-sunrise.png"]);
    await app.session.actions().sendKeys(Key.ESCAPE).perform();
    await waitFor("the dialog closed", async () => (await app.count("export-dialog")) === 0);
    await search("");
  });

  it("14. rated with a key in the viewer, found by rating:>=4", async () => {
    await search("");
    await waitFor("the grid", async () => (await app.count("tile")) > 1);
    const total = await app.count("tile");
    // A double-click views it (Enter and Space do too: Vitest covers the keys).
    await app.session.actions().doubleClick(await app.$("tile")).perform();
    await app.$("viewer");
    await app.session.actions().sendKeys(Key.ARROW_RIGHT).perform();
    await sleep(300);
    await app.session.actions().sendKeys("4").perform();
    await sleep(300);
    await app.screenshot("14a-viewer-rated");
    await app.session.actions().sendKeys(Key.ESCAPE).perform();
    await waitFor("the viewer closed", async () => (await app.count("viewer")) === 0);
    const rated = await app.exec(() => document.querySelector(".tile.is-selected")?.getAttribute("data-id"));
    await search("rating:>=4");
    await waitFor("the rated item alone", async () =>
      (await app.count("tile")) === 1 &&
      (await app.exec(() => document.querySelector('[data-testid="tile"]')?.getAttribute("data-id"))) === rated, 15_000);
    assert.match(await app.exec(() => document.querySelector('[data-testid="tile-stars"]')?.textContent ?? ""), /★★★★/);
    await app.screenshot("14b-rating-filter");

    await search("");
    await waitFor("every item", async () => (await app.count("tile")) === total);
  });

  it("15. Delete moves an item to the Trash, which lists it; Restore puts it back, and its History tells both", async () => {
    await search("trip-0");
    await waitFor("the trip photos", async () => (await app.count("tile")) === 9, 15_000);
    const id = await app.exec(() =>
      [...document.querySelectorAll('[data-testid="tile"]')].find((t) => t.querySelector(".tile-name")?.textContent === "trip-03.png")?.getAttribute("data-id"));
    assert.ok(id, "trip-03.png is among them");
    const tile = await app.session.findElement(By.css(`[data-testid="tile"][data-id="${id}"]`));
    const trashed = Number((await app.text("trash-count").catch(() => "0")).trim() || 0);
    await app.exec((t) => t.scrollIntoView({ block: "center" }), tile);
    await sleep(300);
    await tile.click();
    await waitFor("it selected", async () => (await app.exec(() => document.querySelector(".tile.is-selected")?.getAttribute("data-id"))) === id);
    await app.session.actions().sendKeys(Key.DELETE).perform();
    await waitFor("the tile gone from the search", async () => (await app.count("tile")) === 8, 15_000);
    await waitFor("the Trash counting it", async () => (await app.text("trash-count")).trim() === String(trashed + 1));
    await (await app.$("tab-trash")).click();
    await app.$("trash-view");
    await waitFor("it listed in the Trash", async () => (await app.count("trash-row")) === trashed + 1);
    await app.screenshot("15a-trash");
    await (await app.session.findElement(By.css(`[data-testid="trash-row"][data-id="${id}"]`))).click();
    await (await app.$("trash-restore")).click();
    await waitFor("it gone from the Trash", async () => (await app.count("trash-row")) === trashed);
    await (await app.$("tab-library")).click();
    await waitFor("the tile back in the search", async () => (await app.count("tile")) === 9, 15_000);

    // Its History: imported, moved to the Trash, restored, newest first.
    const back = await app.session.findElement(By.css(`[data-testid="tile"][data-id="${id}"]`));
    await app.exec((t) => t.scrollIntoView({ block: "center" }), back);
    await sleep(300);
    await back.click();
    await app.$("details-pane");
    if ((await app.count("history-step")) === 0) (await app.$("history-toggle")).click();
    await waitFor("the steps of its history", async () => (await app.count("history-step")) >= 3, 15_000);
    const titles = await app.exec(() => [...document.querySelectorAll('[data-testid="history-title"]')].map((e) => e.textContent));
    assert.match(titles[0], /restor/i, `newest first: ${titles.join(" | ")}`);
    assert.match(titles[1], /trash/i, `then the deletion: ${titles.join(" | ")}`);
    await app.exec(() => document.querySelector('[data-testid="history-section"]')?.scrollIntoView());
    await app.screenshot("15b-history");
  });

  it("16. a smart album saved from a search counts what it finds, and the count moves as an item is rated", async () => {
    await search("rating:>=4");
    await waitFor("the item rated in step 14", async () => (await app.count("tile")) === 1, 15_000);
    await (await app.$("save-album")).click();
    const name = await app.$("album-name-input");
    await name.sendKeys("Keepers");
    await (await app.$("album-save-confirm")).click();
    const count = async () =>
      app.exec(() => document.querySelector('[data-testid="album-row"][data-album-name="Keepers"] [data-testid="album-count"]')?.textContent?.trim() ?? "");
    await waitFor("the album in the sidebar, counting 1", async () => (await count()) === "1", 15_000);

    await search("");
    await waitFor("every item", async () => (await app.count("tile")) > 2, 15_000);
    const unrated = await app.exec(() =>
      [...document.querySelectorAll('[data-testid="tile"]')].find((t) => !t.querySelector('[data-testid="tile-stars"]'))?.getAttribute("data-id"));
    await (await app.session.findElement(By.css(`[data-testid="tile"][data-id="${unrated}"]`))).click();
    await sleep(200);
    await app.session.actions().sendKeys("5").perform();
    await waitFor("the album counting 2", async () => (await count()) === "2", 15_000);
    await app.screenshot("16a-album-count-moved");
    await (await app.session.findElement(By.css('[data-testid="album-row"][data-album-name="Keepers"] [data-testid="album-open"]'))).click();
    await waitFor("the album's two items", async () => (await app.count("tile")) === 2, 15_000);
    await app.screenshot("16b-album-open");
  });

  it("17. the window at 800 × 600 and 1600 × 1000: every control reachable, details open with the selected tile in view; the menu bar; the keys overlay", async () => {
    await search("");
    await (await app.$("tab-library")).click();
    await waitFor("the grid", async () => (await app.count("tile")) > 5);
    const offscreen = () =>
      app.exec(() =>
        [...document.querySelectorAll(".topbar button, .topbar input, .topbar select, .filterbar button, .filterbar input, .filterbar select")]
          .filter((e) => e.getClientRects().length > 0)
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.right > window.innerWidth + 1 || r.left < -1 || r.bottom > window.innerHeight;
          })
          .map((e) => e.getAttribute("data-testid") || e.getAttribute("aria-label") || e.textContent));
    for (const [width, height] of [
      [800, 600],
      [1600, 1000],
    ]) {
      app.resizeWindow(width, height);
      await waitFor(`the page at ${width} px`, async () => Math.abs((await app.exec(() => window.innerWidth)) - width) < 40, 10_000);
      await sleep(400);
      assert.deepEqual(await offscreen(), [], `every control of the bars within the window at ${width} × ${height}`);
      const barRight = await app.exec(() => document.querySelector(".topbar")?.getBoundingClientRect().right ?? 0);
      assert.ok(barRight >= (await app.exec(() => window.innerWidth)) - 2, `the top bar reaches the right edge at ${width} px`);

      // A tile in the middle selected, then the details opened: it stays in view.
      const tiles = await app.$$("tile");
      const middle = tiles[Math.min(tiles.length - 1, 5)];
      const id = await middle.getAttribute("data-id");
      await middle.click();
      if ((await app.count("details-pane")) === 0) await app.session.actions().sendKeys(Key.ENTER).perform();
      await app.$("details-pane");
      await sleep(500);
      const inView = await app.exec((id) => {
        const tile = document.querySelector(`[data-testid="tile"][data-id="${id}"]`);
        const grid = tile?.closest(".grid-scroll, .grid, [data-testid=grid]") ?? document.documentElement;
        if (!tile) return false;
        const t = tile.getBoundingClientRect();
        const g = grid.getBoundingClientRect();
        return t.top >= g.top - 1 && t.bottom <= g.bottom + 1 && t.right <= window.innerWidth;
      }, id);
      assert.ok(inView, `the selected tile stays in view with the details open at ${width} px`);
      await app.screenshot(`17-${width}x${height}-details`);
      await app.session.actions().sendKeys(Key.ESCAPE).perform();
    }

    // The keys overlay lists the keys the app knows.
    await app.exec(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await app.session.actions().sendKeys("?").perform();
    await app.$("shortcut-list");
    const keys = await app.text("shortcut-list");
    for (const k of ["Delete", "Ctrl"]) assert.match(keys, new RegExp(k), `the overlay names ${k}`);
    await app.screenshot("17-shortcuts");
    await app.session.actions().sendKeys(Key.ESCAPE).perform();

    // The menu bar is GTK's, outside the page: opened with xdotool, seen in a screenshot of the screen.
    const { x, y } = app.windowGeometry();
    execFileSync("xdotool", ["mousemove", String(x + 20), String(y + 12), "click", "1"]);
    await sleep(600);
    mkdirSync(artifacts, { recursive: true });
    execFileSync("import", ["-window", "root", join(artifacts, "17-menu-bar.png")]);
    execFileSync("xdotool", ["key", "Escape"]);
    await sleep(300);

    // Help → About (its mnemonic, then the last entry): GTK's About box, with the version.
    execFileSync("xdotool", ["windowfocus", "--sync", app.windowId(), "key", "alt+h"]);
    await sleep(500);
    execFileSync("xdotool", ["key", "Up", "Return"]);
    const about = await waitFor("the About box", async () => app.nativeWindow("About.*"), 10_000);
    await sleep(500);
    execFileSync("import", ["-window", "root", join(artifacts, "17-about.png")]);
    execFileSync("xdotool", ["windowfocus", "--sync", about, "key", "Escape"]);
    await waitFor("the About box to close", async () => app.nativeWindow("About.*") === null, 10_000);
  });

  it("18. two selected tiles dragged out onto another window arrive there as their files, under their own names", async () => {
    // Room beside the window for the other app.
    app.resizeWindow(1000, 760);
    await search("trip-0");
    await waitFor("the trip photos alone", async () => {
      const shown = await tileNames();
      return shown.length >= 2 && shown.every((name) => name.startsWith("trip-0"));
    });
    await app.exec(() => document.querySelector(".grid-scroll")?.scrollTo({ top: 0 }));
    await sleep(300);
    const [first, second] = await app.$$("tile");
    await first.click();
    await app.session.actions().keyDown(Key.CONTROL).click(second).keyUp(Key.CONTROL).perform();
    const ids = [await first.getAttribute("data-id"), await second.getAttribute("data-id")];
    await waitFor("both selected", async () => (await app.exec(() => document.querySelectorAll('[data-testid="tile"][aria-selected="true"]').length)) === 2);
    const shown = await app.exec(
      (ids) => ids.map((id) => document.querySelector(`[data-testid="tile"][data-id="${id}"] .tile-name`).textContent),
      ids,
    );
    const from = await app.exec((id) => {
      const r = document.querySelector(`[data-testid="tile"][data-id="${id}"] .tile-thumb`).getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    }, ids[1]);

    const uris = await app.dragOut(from);
    await app.screenshot("18-dragged-out");
    const paths = uris.map((uri) => fileURLToPath(uri));
    assert.deepEqual(paths.map((p) => basename(p)).sort(), [...shown].sort(), "the items' own names, not the store's");
    for (const path of paths) {
      const original = join(drop, basename(path));
      assert.ok(existsSync(path), `${path} exists`);
      assert.deepEqual(readFileSync(path), readFileSync(original), `${basename(path)} is the file that was imported`);
    }
  });
});
