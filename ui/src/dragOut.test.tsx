// @vitest-environment jsdom
// Dragging tiles out of the window: the page cancels its own drag (it would
// carry a URL) and asks the shell to hand the files over, the selection when
// the dragged tile is in it, the tile alone otherwise.
import { describe, expect, it } from "vitest";
import { dragIds } from "./state/selection";
import { click, startApp, tile, useAppHarness, waitFor } from "./testApp";

useAppHarness();

function dragStart(el: HTMLElement): Event {
  const event = new Event("dragstart", { bubbles: true, cancelable: true });
  el.dispatchEvent(event);
  return event;
}

describe("dragging tiles out", () => {
  it("carries the selection when the tile is in it, the tile alone otherwise", () => {
    expect(dragIds([3, 5, 8], 5)).toEqual([3, 5, 8]);
    expect(dragIds([3, 5, 8], 9)).toEqual([9]);
    expect(dragIds([], 4)).toEqual([4]);
  });

  it("hands the selected items to the shell and cancels the page's own drag", async () => {
    const app = await startApp();
    await waitFor(() => tile(4));
    click(tile(4)!);
    click(tile(6)!, { ctrlKey: true });
    const store = (await import("./state/app")).appStore;
    await waitFor(() => store.get().selection.ids.length === 2);
    expect(tile(6)!.getAttribute("draggable")).toBe("true");

    const event = dragStart(tile(6)!);
    expect(event.defaultPrevented).toBe(true);
    const drag = await waitFor(() => app.calls.find((c) => c.cmd === "start_drag"));
    expect(drag.args).toEqual({ ids: [4, 6] });

    // A tile outside the selection goes alone, and the selection stays.
    dragStart(tile(9)!);
    await waitFor(() => app.calls.filter((c) => c.cmd === "start_drag").length === 2);
    expect(app.calls.filter((c) => c.cmd === "start_drag")[1].args).toEqual({ ids: [9] });
    expect(store.get().selection.ids).toEqual([4, 6]);
  });
});
