// @vitest-environment jsdom
// The Duplicates view follows the library live: groups the hash handlers turn
// up while an import is processed appear without switching tabs (a progress
// snapshot says so), the groups on screen and an open Compare staying put;
// a snapshot that says nothing changed asks the engine nothing.
import { describe, expect, it } from "vitest";
import { $, $$, click, startApp, testid, useAppHarness, waitFor, type App } from "../testApp";

useAppHarness();

const groups = () => $$('[data-testid="dup-group"]');
const duplicatesCalls = (app: App) => app.calls.filter((c) => c.cmd === "duplicates").length;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openDuplicates() {
  const app = await startApp();
  // The first snapshot has arrived (the baseline), then the view opens.
  await waitFor(() => !$(".statusbar-text")?.textContent?.includes("Connecting"));
  click(await waitFor(() => testid("tab-duplicates")));
  await waitFor(() => groups().length === 2);
  // The slider's settling asks nothing more.
  await settle(300);
  return app;
}

/** Two pictures in no group yet. */
function freshPair(app: App): number[] {
  const inGroups = new Set(app.backend.duplicates(10).flatMap((g) => g.resources.map((r) => r.id)));
  return app.backend.items.filter((i) => i.type.startsWith("image/") && !inGroups.has(i.id)).slice(10, 12).map((i) => i.id);
}

describe("Duplicates, live", () => {
  it("shows a group the handlers found as soon as a snapshot says so, keeping the groups on screen", async () => {
    const app = await openDuplicates();
    const before = groups();
    const asked = duplicatesCalls(app);

    app.backend.hashesFound(freshPair(app));
    await app.snapshot();
    await waitFor(() => groups().length === 3);
    expect(duplicatesCalls(app)).toBe(asked + 1);
    // The groups that were there are the same elements: nothing emptied or redrawn.
    expect(groups().slice(0, 2)).toEqual(before);
    expect(testid("duplicates-view")!.textContent).toContain("3 groups");
  });

  it("asks nothing when a snapshot says nothing changed", async () => {
    const app = await openDuplicates();
    const asked = duplicatesCalls(app);
    await app.snapshot();
    await app.snapshot();
    await settle(1200);
    expect(duplicatesCalls(app)).toBe(asked);
    expect(groups()).toHaveLength(2);
  });

  it("asks at most once a second however many snapshots arrive", async () => {
    const app = await openDuplicates();
    const asked = duplicatesCalls(app);
    const [a, b] = freshPair(app);
    app.backend.hashesFound([a, b]);
    await app.snapshot();
    await waitFor(() => groups().length === 3);
    // Two more changes at once: folded into one ask at the end of the second.
    const inGroups = new Set(app.backend.duplicates(10).flatMap((g) => g.resources.map((r) => r.id)));
    const [c, d] = app.backend.items.filter((i) => i.type.startsWith("image/") && !inGroups.has(i.id)).map((i) => i.id);
    app.backend.hashesFound([c, d]);
    await app.snapshot();
    app.backend.done.phash++;
    await app.snapshot();
    await settle(300);
    expect(duplicatesCalls(app)).toBe(asked + 1);
    expect(groups()).toHaveLength(3);
    await waitFor(() => groups().length === 4, 2000);
    expect(duplicatesCalls(app)).toBe(asked + 2);
  });

  it("keeps an open Compare open through a reload, even when its group went away", async () => {
    const app = await openDuplicates();
    const ids = freshPair(app);
    app.backend.hashesFound(ids);
    await app.snapshot();
    await waitFor(() => groups().length === 3);
    click(groups()[2].querySelector<HTMLElement>('[data-testid="compare-open"]')!);
    await waitFor(() => testid("compare"));
    const panes = () => $$('[data-testid="compare-pane"]').map((p) => Number(p.dataset.id));
    expect(panes()).toEqual(ids);

    // Another group found: Compare stays, on the same items.
    app.backend.hashesFound(freshPair(app));
    await settle(1000);
    await app.snapshot();
    await waitFor(() => testid("duplicates-view")!.textContent!.includes("4 groups"));
    expect(testid("compare")).not.toBeNull();
    expect(panes()).toEqual(ids);

    // Its group gone (another window trashed a member): Compare still shows what it had.
    app.backend.byId.get(ids[0])!.trashedAt = Date.now();
    app.backend.changed();
    await settle(1000);
    await app.snapshot();
    await waitFor(() => testid("duplicates-view")!.textContent!.includes("3 groups"));
    expect(testid("compare")).not.toBeNull();
    expect(panes()).toEqual(ids);
    expect(groups()).toHaveLength(4);

    // Closed: the group that went away leaves the list too.
    click(testid("compare-close")!);
    await waitFor(() => !testid("compare"));
    await waitFor(() => groups().length === 3);
  });

  it("asks for the groups it shows, counts the rest, and asks for more on Show more", async () => {
    let total = 0;
    const app = await startApp({
      count: 600,
      // More groups than the first hundred shown: every two loose pictures a pair.
      prepare: (backend) => {
        const inGroups = new Set(backend.duplicates(10).flatMap((g) => g.resources.map((r) => r.id)));
        const free = backend.items.filter((i) => i.type.startsWith("image/") && !inGroups.has(i.id)).map((i) => i.id);
        for (let p = 0; p + 1 < free.length && p < 300; p += 2) backend.hashesFound([free[p], free[p + 1]]);
        total = backend.duplicates(10).length;
      },
    });
    expect(total).toBeGreaterThan(100);
    click(await waitFor(() => testid("tab-duplicates")));
    await waitFor(() => groups().length === 100);
    const asks = app.calls.filter((c) => c.cmd === "duplicates");
    expect(asks[asks.length - 1].args).toMatchObject({ threshold: 10, limit: 100 });
    expect(testid("duplicates-view")!.textContent).toContain(`${total} groups`);
    const more = await waitFor(() => [...$$("button")].find((b) => b.textContent?.startsWith("Show more")));
    expect(more!.textContent).toContain(`(${total - 100} left)`);
    click(more!);
    await waitFor(() => groups().length === Math.min(total, 200));
    const last = app.calls.filter((c) => c.cmd === "duplicates").pop()!;
    expect(last.args).toMatchObject({ limit: 200 });
  });
});
