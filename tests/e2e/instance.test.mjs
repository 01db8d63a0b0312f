// One window per library: a second launch on a library that is open hands
// its files to that window (which imports them) and exits; a launch on
// another library opens its own window. And `mahresources FILE` on a fresh
// start imports FILE. And items that could not be processed are told in a
// desktop notification (to a stand-in notification daemon on the bus). Runs the real binary under the display the test
// command set up, on a D-Bus session bus of its own (the single-instance
// lock lives there, as on a desktop).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { repo, sleep, waitFor } from "./harness.mjs";
import { writePicture } from "./png.mjs";

const target = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
const binary = process.env.MAHRES_APP_BINARY ?? join(target, "debug", "mahresources");
const cli = join(binary, "..", "mahres");

const home = mkdtempSync(join(tmpdir(), "mahres-instance-"));
const incoming = join(home, "From the camera");
const library = join(home, "library");
const running = [];
const notifications = join(home, "notifications.jsonl");
let bus;

/** The names the CLI lists in `library` (it reads a library a window owns). */
function namesIn(lib) {
  const out = execFileSync(cli, ["--library", lib, "list", "--json"], { env: process.env }).toString();
  return JSON.parse(out).map((r) => r.name).sort();
}

function launch(lib, files) {
  const child = spawn(binary, ["--library", lib, ...files], { cwd: incoming, env: process.env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderrText = "";
  child.stderr.on("data", (d) => (child.stderrText += d));
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  running.push(child);
  return child;
}

before(async () => {
  assert.ok(existsSync(binary), `build the app first: ${binary} is missing`);
  assert.ok(process.env.DISPLAY, "run under a display (the test command starts Xvfb)");
  mkdirSync(incoming, { recursive: true });
  writePicture(join(incoming, "first photo.png"), 3, 64, 48);
  writePicture(join(incoming, "handed over.png"), 4, 64, 48);
  writePicture(join(incoming, "elsewhere.png"), 5, 64, 48);
  const started = spawnSync("dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"]);
  assert.equal(started.status, 0, `dbus-daemon: ${started.stderr}`);
  const [address, pid] = started.stdout.toString().trim().split("\n");
  bus = Number(pid);
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  // Debian's Python, which has python3-gi (a pyenv one may not).
  const server = spawn("/usr/bin/python3", [join(dirname(fileURLToPath(import.meta.url)), "notification_server.py"), notifications], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.push(Object.assign(server, { exited: new Promise((r) => server.on("exit", r)) }));
  await new Promise((resolve, reject) => {
    server.stdout.on("data", (d) => String(d).includes("ready") && resolve());
    server.on("exit", () => reject(new Error("the stand-in notification daemon did not start")));
  });
});

after(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(running.map((c) => Promise.race([c.exited, sleep(10_000)])));
  if (bus) process.kill(bus, "SIGTERM");
  rmSync(home, { recursive: true, force: true });
});

describe("Opening the app with files", () => {
  it("imports the files named on a fresh start, relative to where it was started", async () => {
    launch(library, ["first photo.png"]);
    await waitFor("the file in the library", async () => namesIn(library).includes("first photo.png"), 30_000, 200).catch((err) => {
      throw new Error(`${err.message}; the app said: ${running[0].stderrText}`);
    });
  });

  it("hands a second launch's files to the open window, which imports them, and the second launch exits", async () => {
    const first = running[0];
    const second = launch(library, ["handed over.png"]);
    const ended = await Promise.race([second.exited, sleep(20_000).then(() => null)]);
    assert.ok(ended, "the second launch exits by itself");
    assert.equal(ended.code, 0, `it exits cleanly: ${second.stderrText}`);
    assert.doesNotMatch(second.stderrText, /could not be opened/, "and does not report the first window's lock as an error");
    await waitFor("the handed-over file in the library", async () => namesIn(library).includes("handed over.png"), 30_000, 200);
    assert.equal(first.exitCode, null, "the first window is still open");
  });

  it("opens a window of its own for another library", async () => {
    const other = join(home, "other library");
    const third = launch(other, ["elsewhere.png"]);
    await waitFor("its file in its own library", async () => namesIn(other).includes("elsewhere.png"), 30_000, 200);
    assert.equal(third.exitCode, null, "it stays open: a library of its own");
    assert.ok(!namesIn(library).includes("elsewhere.png"));
  });

  it("tells in a desktop notification which item could not be processed", async () => {
    const broken = join(incoming, "damaged.png");
    // A PNG signature, then nothing a decoder can read.
    writeFileSync(broken, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 0x42)]));
    const second = launch(library, ["damaged.png"]);
    await second.exited;
    const told = await waitFor(
      "a notification naming the file",
      async () => {
        if (!existsSync(notifications)) return null;
        const sent = readFileSync(notifications, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
        return sent.find((n) => n.body.includes("damaged.png"));
      },
      60_000,
      200,
    );
    assert.equal(told.summary, "Some items need a look");
    assert.match(told.body, /damaged\.png could not be processed/);
  });
});
