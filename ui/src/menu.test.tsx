// @vitest-environment jsdom
// The menu bar's choices, as the shell sends them (the `menu` event): each
// does what the page's own control does, and every entry the shell declares
// is one the page carries out.
import { describe, expect, it, vi } from "vitest";
import { $$, startApp, testid, tile, typeInto, useAppHarness, waitFor } from "./testApp";

useAppHarness();

describe("the menu bar", () => {
  it("has the page carry out every entry the shell declares (src-tauri's menu.rs checks the list)", async () => {
    await startApp();
    const { MENU_IDS, runMenuCommand } = await import("./menu");
    const ids: readonly string[] = MENU_IDS;
    // Entries that open the system's pickers are left out: the fake answers
    // them, but a real run is the e2e test's.
    for (const id of ids.filter((i) => !i.startsWith("import-") && i !== "watch-folder")) {
      expect(runMenuCommand(id), id).toBe(true);
    }
    expect(runMenuCommand("no-such-entry")).toBe(false);
  });

  it("switches views, opens the activity and the keys, and sizes the tiles", async () => {
    const app = await startApp();
    await waitFor(() => tile(1));
    await app.emitEvent("menu", "view-trash");
    await waitFor(() => testid("trash-view"));
    await app.emitEvent("menu", "view-library");
    await waitFor(() => tile(1));
    const before = Number((testid("tile-size") as HTMLInputElement).value);
    await app.emitEvent("menu", "zoom-in");
    await waitFor(() => Number((testid("tile-size") as HTMLInputElement).value) > before);
    await app.emitEvent("menu", "zoom-reset");
    await waitFor(() => Number((testid("tile-size") as HTMLInputElement).value) === before);
    await app.emitEvent("menu", "view-activity");
    await waitFor(() => testid("activity-panel"));
    await app.emitEvent("menu", "shortcuts");
    await waitFor(() => testid("shortcuts-overlay"));
  });

  it("undoes the last action, or the typing in a focused field; Select All selects the tiles, or the field's text", async () => {
    const app = await startApp();
    await waitFor(() => tile(1));
    await app.emitEvent("menu", "select-all");
    await waitFor(() => $$(".tile.is-selected").length > 1);

    const input = testid("search-input") as HTMLInputElement;
    input.focus();
    typeInto(input, "harbour");
    input.setSelectionRange(0, 0);
    await app.emitEvent("menu", "select-all");
    const selected = input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0);
    expect(selected).toBe("harbour");

    // In the field, Undo is the field's: no undo reaches the engine.
    const execCommand = vi.fn(() => true);
    (document as unknown as { execCommand: typeof execCommand }).execCommand = execCommand;
    await app.emitEvent("menu", "undo");
    expect(execCommand).toHaveBeenCalledWith("undo");
    expect(app.calls.some((c) => c.cmd === "undo")).toBe(false);
    input.blur();
    await app.emitEvent("menu", "undo");
    await waitFor(() => app.calls.some((c) => c.cmd === "undo"));
  });

  it("Find puts the focus in the search box, from any view", async () => {
    const app = await startApp();
    await app.emitEvent("menu", "view-notes");
    await app.emitEvent("menu", "find");
    await waitFor(() => document.activeElement === testid("search-input"));
  });
});
