// Starts the real app through tauri-driver and WebKitWebDriver (under the
// X display the test command set up), and drives what WebDriver cannot: a
// real drag of files from another window, with xdotool.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By } from "selenium-webdriver";

const here = dirname(fileURLToPath(import.meta.url));

/** Moves the pointer from `from` to `to` in `steps` even steps, as a hand
 * dragging something would (XDND needs the motion in between). */
async function glide(from, to, steps) {
  for (let i = 1; i <= steps; i++) {
    execFileSync("xdotool", [
      "mousemove",
      String(Math.round(from.x + ((to.x - from.x) * i) / steps)),
      String(Math.round(from.y + ((to.y - from.y) * i) / steps)),
    ]);
    await sleep(40);
  }
}
export const repo = resolve(here, "..", "..");
export const artifacts = process.env.MAHRES_E2E_ARTIFACTS ?? join(repo, "target", "e2e-artifacts");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

/** Polls `check` until it returns a truthy value; fails with `what` after `ms`. */
export async function waitFor(what, check, ms = 30_000, every = 100) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await sleep(every);
  }
}

/** Sends the session's commands to WebKitWebDriver one after another. A
 * command sent while another is still running (a click not awaited, say)
 * made WebKitWebDriver 2.50 dereference null and die, taking every later
 * test with it: about one full run in four, on CI as here. */
function oneCommandAtATime(session) {
  const executor = session.getExecutor();
  const execute = executor.execute.bind(executor);
  let previous = Promise.resolve();
  executor.execute = (command) => {
    const result = previous.then(() => execute(command));
    previous = result.catch(() => {});
    return result;
  };
}

export class App {
  /** Launches the binary on `library` (a fresh folder) and opens a session. */
  static async launch({ binary, library, home, env: extraEnv = {} }) {
    const port = await freePort();
    const env = {
      ...process.env,
      MAHRES_LIBRARY: library,
      // Window geometry is remembered per user: keep the tests' apart.
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_DATA_HOME: join(home, "data"),
      HOME: home,
      ...extraEnv,
    };
    const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(await freePort())], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    const url = `http://127.0.0.1:${port}`;
    // tauri-driver opens its port before the native driver is ready.
    await waitFor("tauri-driver", async () => (await fetch(`${url}/status`)).ok, 20_000, 200);
    const session = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: "wry",
        "tauri:options": { application: binary, args: ["--library", library] },
      })
      .build();
    oneCommandAtATime(session);
    const app = new App(driver, session, library);
    await waitFor("the window's page", async () => (await session.findElements(By.css(".topbar, [data-testid=tab-library]"))).length > 0);
    return app;
  }

  constructor(driverProcess, session, library) {
    this.driverProcess = driverProcess;
    this.session = session;
    this.library = library;
  }

  /** Whether an app process still has this library open. */
  running() {
    try {
      execFileSync("pgrep", ["-f", `mahresources --library ${this.library}`]);
      return true;
    } catch {
      return false;
    }
  }

  $$(testid) {
    return this.session.findElements(By.css(`[data-testid="${testid}"]`));
  }

  async $(testid) {
    return waitFor(`[data-testid=${testid}]`, async () => (await this.$$(testid))[0]);
  }

  async count(testid) {
    return (await this.$$(testid)).length;
  }

  /** The text of the first element with this test id (its DOM text: WebKit's
   * WebDriver leaves out text it considers hidden, e.g. clipped labels). */
  async text(testid) {
    await this.$(testid);
    return this.exec((id) => document.querySelector(`[data-testid="${id}"]`).textContent, testid);
  }

  /** Runs a script in the page. */
  exec(script, ...args) {
    return this.session.executeScript(script, ...args);
  }

  /** Saves what the window shows as `artifacts/<name>.png`. */
  async screenshot(name) {
    mkdirSync(artifacts, { recursive: true });
    const png = await this.session.takeScreenshot();
    writeFileSync(join(artifacts, `${name}.png`), png, "base64");
  }

  /** What the window says, in words, for a failed step's log: CI keeps no
   * screenshots. The search box, the focused element, the toasts and the
   * grid's tiles, then the page's text. */
  async describe() {
    return this.exec(() => {
      const all = (sel) => [...document.querySelectorAll(sel)];
      const active = document.activeElement;
      return JSON.stringify(
        {
          search: document.querySelector('[data-testid="search-input"]')?.value ?? null,
          // False when the window lost the keyboard (to a native dialog, say).
          windowHasFocus: document.hasFocus(),
          focused: active ? `${active.tagName.toLowerCase()}${active.getAttribute("data-testid") ? `[${active.getAttribute("data-testid")}]` : ""}` : null,
          modal: all('[aria-modal="true"]').map((e) => e.getAttribute("aria-label") ?? e.className),
          toasts: all(".toast, [role=alert], [role=status]").map((e) => e.textContent.trim()).filter(Boolean),
          tiles: all('[data-testid="tile"]').map((t) => `${t.getAttribute("data-id")}:${t.querySelector(".tile-name")?.textContent}${t.classList.contains("is-selected") ? "*" : ""}`),
          text: document.body.innerText.replace(/\s+/g, " ").slice(0, 1500),
        },
        null,
        1,
      );
    });
  }

  /** The app's visible window on the X screen (GTK also keeps a hidden one). */
  windowId() {
    return execFileSync("xdotool", ["search", "--onlyvisible", "--name", "^Mahresources$"]).toString().trim().split("\n")[0];
  }

  /** The id of the visible native window titled `title` (a picker), or null. */
  nativeWindow(title) {
    try {
      return execFileSync("xdotool", ["search", "--onlyvisible", "--name", `^${title}$`]).toString().trim().split("\n")[0];
    } catch {
      return null;
    }
  }

  /**
   * In the open GTK folder picker titled `title`, types `folder` into the
   * location bar and chooses it, as a person would; resolves once the
   * picker has closed. `beforeChoosing` runs with the path typed in.
   */
  async chooseFolder(title, folder, beforeChoosing = async () => {}) {
    const id = await waitFor(`the picker "${title}"`, async () => this.nativeWindow(title), 10_000);
    // Focus goes by hand: there is no window manager.
    const xdo = (...args) => execFileSync("xdotool", ["windowfocus", "--sync", id, ...args]);
    xdo("key", "ctrl+l");
    await sleep(200);
    xdo("type", "--delay", "5", `${folder}/`);
    await sleep(300);
    // Drop what GTK offers to complete the path with (a sub-folder's name).
    xdo("key", "Delete");
    await beforeChoosing();
    // Return opens the typed folder in the picker; Return again chooses it.
    for (let presses = 0; presses < 3 && this.nativeWindow(title) !== null; presses++) {
      xdo("key", "Return");
      await sleep(600);
    }
    await waitFor("the picker to close", async () => this.nativeWindow(title) === null, 10_000);
  }

  /** Resizes the window as a person dragging its corner would. */
  resizeWindow(width, height) {
    execFileSync("xdotool", ["windowsize", this.windowId(), String(width), String(height)]);
  }

  /** Moves the window, as a person dragging its title bar would. */
  moveWindow(x, y) {
    execFileSync("xdotool", ["windowmove", this.windowId(), String(x), String(y)]);
  }

  /** The app window's geometry on the X screen. */
  windowGeometry() {
    const out = execFileSync("xdotool", ["getwindowgeometry", "--shell", this.windowId()]).toString();
    const get = (k) => Number(out.match(new RegExp(`${k}=(\\d+)`))[1]);
    return { x: get("X"), y: get("Y"), width: get("WIDTH"), height: get("HEIGHT") };
  }

  /**
   * Drags `paths` from a GTK drag source onto the app window, as a person
   * would, calling `whileOver` while the files hover over the window.
   */
  async dragFiles(paths, whileOver = async () => {}) {
    const win = this.windowGeometry();
    const source = { x: win.x + win.width + 40, y: 60 };
    const gtk = spawn("/usr/bin/python3", [join(here, "drag_source.py"), String(source.x), String(source.y), ...paths], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise((ok, fail) => {
        gtk.stdout.on("data", (d) => d.toString().includes("ready") && ok());
        gtk.on("exit", (code) => fail(new Error(`drag source exited (${code})`)));
        setTimeout(() => fail(new Error("drag source never showed")), 10_000);
      });
      const xdo = (...args) => execFileSync("xdotool", args.map(String));
      const start = { x: source.x + 100, y: source.y + 60 };
      const target = { x: win.x + Math.round(win.width / 2), y: win.y + Math.round(win.height / 2) };
      xdo("mousemove", start.x, start.y);
      await sleep(100);
      xdo("mousedown", 1);
      // Past GTK's drag threshold first, then a glide onto the window.
      for (let i = 1; i <= 6; i++) {
        xdo("mousemove", start.x - i * 4, start.y + i * 2);
        await sleep(40);
      }
      await glide(start, target, 12);
      await sleep(300);
      await whileOver();
      xdo("mouseup", 1);
    } finally {
      setTimeout(() => gtk.kill(), 2_000);
    }
  }

  /**
   * Where the page's (0, 0) is on the X screen: the window's origin plus
   * the menu bar above the page, read from where the page sees the pointer.
   */
  async pageOrigin() {
    const win = this.windowGeometry();
    await this.exec(() => {
      window.__pointer = null;
      document.addEventListener("mousemove", (e) => (window.__pointer = [e.clientX, e.clientY]), { once: true });
    });
    const probe = { x: win.x + 300, y: win.y + 300 };
    execFileSync("xdotool", ["mousemove", String(probe.x), String(probe.y)]);
    const [cx, cy] = await waitFor("the page to see the pointer", async () => this.exec(() => window.__pointer), 5_000);
    return { x: probe.x - cx, y: probe.y - cy };
  }

  /**
   * Drags from the page's point `from` (client coordinates) out of the
   * window onto a GTK drop target beside it, as a person would; resolves
   * with the URIs the target received.
   */
  async dragOut(from) {
    const origin = await this.pageOrigin();
    const win = this.windowGeometry();
    const spot = { x: win.x + win.width + 40, y: 60 };
    const gtk = spawn("/usr/bin/python3", [join(here, "drop_target.py"), String(spot.x), String(spot.y)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    gtk.stdout.on("data", (d) => (out += d.toString()));
    try {
      await waitFor("the drop target to show", async () => out.includes("ready"), 10_000);
      const xdo = (...args) => execFileSync("xdotool", args.map(String));
      const start = { x: origin.x + from.x, y: origin.y + from.y };
      const target = { x: spot.x + 120, y: spot.y + 100 };
      xdo("mousemove", start.x, start.y);
      await sleep(150);
      xdo("mousedown", 1);
      // Past the page's drag threshold, so that it starts the drag…
      for (let i = 1; i <= 6; i++) {
        xdo("mousemove", start.x + i * 3, start.y + i * 2);
        await sleep(50);
      }
      // …then, once the desktop's drag has begun, across onto the target.
      await sleep(500);
      await glide(start, target, 15);
      await sleep(300);
      xdo("mouseup", 1);
      await waitFor("the files to arrive on the drop target", async () => out.includes("done"), 10_000);
      return out
        .split("\n")
        .filter((line) => line.startsWith("dropped "))
        .map((line) => line.slice("dropped ".length));
    } finally {
      setTimeout(() => gtk.kill(), 1_000);
    }
  }

  /** Asks the app to stop (SIGTERM), as a logout would, then ends the session. */
  async terminate() {
    try {
      execFileSync("pkill", ["-TERM", "-f", `mahresources --library ${this.library}`]);
    } catch {
      // Already gone.
    }
    await waitFor("the app to exit", async () => !this.running(), 15_000, 100);
    await this.quit();
  }

  async quit() {
    try {
      await this.session.quit();
    } catch {
      // The window may already be gone.
    }
    // SIGTERM lets tauri-driver stop its WebKitWebDriver; SIGKILL would orphan it.
    this.driverProcess.kill("SIGTERM");
    await new Promise((ok) => {
      if (this.driverProcess.exitCode !== null) return ok();
      this.driverProcess.on("exit", ok);
      setTimeout(ok, 5_000);
    });
    // The app closes its library on the way out (running jobs get a moment).
    await waitFor("the app to exit", async () => !this.running(), 15_000, 100).catch(() => {});
    // An app whose WebKitWebDriver died is nobody's child: it would hold the
    // test runner's output pipe open, and the run would hang until the
    // outer timeout instead of reporting what failed.
    if (this.running()) {
      console.error(`the app on ${this.library} outlived its session; stopping it`);
      try {
        execFileSync("pkill", ["-KILL", "-f", `mahresources --library ${this.library}`]);
      } catch {
        // Gone meanwhile.
      }
    }
  }
}
