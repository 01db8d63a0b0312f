// @vitest-environment jsdom
// An item's history in the details pane: folded away until opened (and
// open for the rest of the session once opened), newest step first, a
// person's actions standing out, the work still waiting or given up.
import { describe, expect, it } from "vitest";
import { FakeBackend } from "./dev/fakeBackend";
import { entryTime, shortId, stepWhen, workLine } from "./history";
import { $$, click, key, startApp, testid, tile, useAppHarness, waitFor } from "./testApp";

useAppHarness();

const steps = () => $$('[data-testid="history-step"]');
const titles = () => steps().map((s) => s.querySelector('[data-testid="history-title"]')!.textContent);
const entries = (step: HTMLElement) => [...step.querySelectorAll<HTMLElement>('[data-testid="history-entry"]')].map((e) => e.querySelector(".history-what")!.textContent);

/** Selects the tile, which opens the details pane, and waits for its History. */
async function select(id: number) {
  click(tile(id)!);
  return waitFor(() => testid("history-section"));
}

describe("history in the details pane", () => {
  it("is folded away until opened, then lists the item's steps newest first, a rating on top once rated", async () => {
    const app = await startApp();
    await waitFor(() => tile(2));
    const section = await select(2);
    const toggle = testid("history-toggle")!;
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(steps()).toEqual([]);
    expect(app.calls.some((c) => c.cmd === "item_history")).toBe(false);

    click(toggle);
    await waitFor(() => steps().length === 1);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(app.calls.filter((c) => c.cmd === "item_history").at(-1)!.args).toEqual({ id: 2 });
    expect(titles()).toEqual(["Added to the library"]);
    const added = steps()[0];
    expect(added.classList.contains("is-person")).toBe(false);
    // Oldest entry first: recorded, then what the handlers found.
    expect(entries(added)[0]).toBe("Recorded");
    expect(entries(added)).toContain("Thumbnail made, preview made");
    expect(entries(added).some((e) => e?.startsWith("Metadata read: "))).toBe(true);

    key(document.body, "3");
    await waitFor(() => steps().length === 2, 3000);
    expect(titles()).toEqual(["Rated 1 item ★★★", "Added to the library"]);
    const rated = steps()[0];
    expect(rated.classList.contains("is-person")).toBe(true);
    expect(entries(rated)).toEqual(["Rating changed"]);
    // The correlation id as the terminal shows it: the first 8 characters, the whole in the tooltip.
    const id = rated.querySelector<HTMLElement>(".history-id")!;
    expect(id.getAttribute("title")).toBe(rated.dataset.correlationId);
    expect(id.textContent).toBe(rated.dataset.correlationId!.slice(0, 8));
    expect(id.textContent).toHaveLength(8);
    expect(section.contains(rated)).toBe(true);

    // Undone: an action of its own, on top.
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => titles()[0] === "Undid: Rated 1 item ★★★", 3000);
    expect(titles()).toEqual(["Undid: Rated 1 item ★★★", "Rated 1 item ★★★", "Added to the library"]);
  });

  it("stays open for the next item, and follows the library when progress says it moved", async () => {
    const app = await startApp();
    await waitFor(() => tile(2));
    await select(2);
    click(testid("history-toggle")!);
    await waitFor(() => steps().length === 1);

    await select(4);
    await waitFor(() => app.calls.some((c) => c.cmd === "item_history" && c.args.id === 4));
    expect(testid("history-toggle")!.getAttribute("aria-expanded")).toBe("true");
    await waitFor(() => steps().length === 1);

    // Tagged elsewhere (another window, the command line): the next snapshot brings it.
    app.backend.handle("add_tags", { ids: [4], tags: ["keeper"] });
    await app.snapshot();
    await waitFor(() => titles()[0] === "Tagged 1 item “keeper”", 3000);
    expect(entries(steps()[0])).toEqual(["Tags changed"]);
  });

  it("shows the work still waiting, and what failed with why", async () => {
    await startApp({ busy: true });
    await waitFor(() => tile(8));
    await select(8);
    click(testid("history-toggle")!);
    const failed = await waitFor(() => $$('[data-testid="history-work"]')[0]);
    expect(failed.textContent).toBe("thumbnail: failed — the JPEG file is damaged");

    await select(12);
    await waitFor(() => $$('[data-testid="history-work"]').length === 4);
    expect($$('[data-testid="history-work"]').map((w) => w.textContent)).toEqual(["waiting: hash", "waiting: thumbnail", "waiting: phash", "waiting: metadata"]);
  });
});

describe("history in words", () => {
  it("says what waits, what runs and what failed", () => {
    expect(workLine({ handler: "metadata", state: "pending", attempts: 0, last_error: null })).toBe("waiting: metadata");
    expect(workLine({ handler: "thumbnail", state: "running", attempts: 1, last_error: null })).toBe("running: thumbnail");
    expect(workLine({ handler: "thumbnail", state: "dead", attempts: 3, last_error: "the JPEG file is damaged" })).toBe("thumbnail: failed — the JPEG file is damaged");
    expect(workLine({ handler: "hash", state: "pending", attempts: 1, last_error: "disk busy" })).toBe("waiting: hash (to be tried again — disk busy)");
  });

  it("tells times relatively within the day, else as a local date, and shortens ids to 8 characters", () => {
    const now = new Date(2024, 4, 17, 12, 0, 0).getTime();
    expect(stepWhen(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(stepWhen(new Date(2024, 4, 10, 9, 5).getTime(), now)).toBe("2024-05-10 09:05");
    expect(entryTime(new Date(2024, 4, 10, 9, 5, 7).getTime())).toBe("09:05:07");
    expect(shortId("3f2a9c1e-0b4d-4e6f-a123-456789abcdef")).toBe("3f2a9c1e");
  });
});

describe("fake backend history", () => {
  it("is the item's own: its arrival, then each action on it, and not another item's", () => {
    const b = new FakeBackend(20);
    b.setMark([3], { kind: "rating", stars: 2 });
    b.trash([4]);
    const of = (id: number) => b.itemHistory(id).steps.map((s) => s.title);
    expect(of(3)).toEqual(["Rated 1 item ★★", "Added to the library"]);
    expect(of(4)).toEqual(["Moved 1 item to the Trash", "Added to the library"]);
    expect(b.itemHistory(3).steps[1].correlation_id).not.toBe(b.itemHistory(4).steps[1].correlation_id);
    expect(() => b.itemHistory(999)).toThrow();
  });
});
