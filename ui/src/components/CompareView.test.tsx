// @vitest-environment jsdom
// Compare, from the Duplicates view against the fake backend: a pane per
// item, the facts that differ marked, zoom in step, Esc and the focus, and
// "Keep this one" doing the group's own merge.
import { describe, expect, it } from "vitest";
import { $, $$, click, key, startApp, testid, toastWith, typeInto, useAppHarness, waitFor } from "../testApp";

useAppHarness();

const panes = () => $$('[data-testid="compare-pane"]');
const paneIds = () => panes().map((p) => Number(p.dataset.id));
const fact = (name: string) => $(`[data-testid="compare-fact"][data-fact="${name}"]`);
const scales = () => $$('[data-testid="compare-image"]').map((img) => Number(img.dataset.scale));
const transforms = () => $$('[data-testid="compare-image"]').map((img) => img.style.transform);
const press = (k: string, init: KeyboardEventInit = {}) => key(document.activeElement ?? document.body, k, init);

async function openDuplicates() {
  const app = await startApp();
  await waitFor(() => testid("tab-duplicates"));
  click(testid("tab-duplicates")!);
  await waitFor(() => $$('[data-testid="dup-group"]').length === 2);
  return app;
}

async function openCompare(group: HTMLElement) {
  const button = group.querySelector<HTMLElement>('[data-testid="compare-open"]')!;
  button.focus();
  click(button);
  await waitFor(() => testid("compare"));
  return button;
}

describe("Compare", () => {
  it("shows a pane per item, marks the facts that differ, zooms in step, and closes with Esc back to its button", async () => {
    const { backend } = await openDuplicates();
    const group = $('[data-testid="dup-group"][data-kind="exact"]')!;
    const ids = backend.duplicates(10).find((g) => g.kind === "exact")!.resources.map((r) => r.id);
    const button = await openCompare(group);

    const dialog = testid("compare")!;
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(paneIds()).toEqual(ids);
    for (const p of panes()) {
      const img = p.querySelector<HTMLImageElement>('[data-testid="compare-image"]')!;
      expect(img.getAttribute("src")).toContain(`preview%2F${p.dataset.id}`);
      expect(p.querySelector('[data-testid="compare-keep"]')).not.toBeNull();
    }

    // The two differ in size and dimensions; both are JPEGs, both unrated.
    expect(testid("compare-differences")).not.toBeNull();
    expect(fact("size")!.dataset.differs).toBe("true");
    expect(fact("dimensions")!.dataset.differs).toBe("true");
    expect(fact("type")!.dataset.differs).toBe("false");
    await waitFor(() => !fact("rating")!.textContent!.includes("…"));
    expect(fact("rating")!.dataset.differs).toBe("false");
    expect(fact("rating")!.textContent).toContain("Unrated");

    // Fitted: each picture to its pane, at its own scale.
    await waitFor(() => scales().every((s) => s > 0));
    const fitted = scales();
    const fittedAt = transforms();
    expect(testid("compare-zoom")!.textContent).toBe("Fit");

    // A wheel over the first pane zooms both, by the same ratio.
    const stage = panes()[0].querySelector<HTMLElement>('[data-testid="compare-stage"]')!;
    stage.dispatchEvent(new WheelEvent("wheel", { deltaY: -100, clientX: 300, clientY: 200, bubbles: true, cancelable: true }));
    await waitFor(() => scales()[0] > fitted[0]);
    const zoomed = scales();
    const ratios = zoomed.map((s, i) => s / fitted[i]);
    expect(ratios[0]).toBeGreaterThan(1.05);
    expect(ratios[1]).toBeCloseTo(ratios[0], 4);
    transforms().forEach((t, i) => expect(t).not.toBe(fittedAt[i]));

    // 1: each at its own pixel size; 0: fitted again.
    press("1");
    await waitFor(() => scales().every((s) => s === 1));
    expect(testid("compare-zoom")!.textContent).toBe("100 %");
    press("+");
    await waitFor(() => scales().every((s) => s === 1.5));
    press("0");
    await waitFor(() => scales().every((s, i) => Math.abs(s - fitted[i]) < 1e-6));

    // Esc closes it; the focus is back on its button.
    press("Escape");
    await waitFor(() => !testid("compare"));
    expect(document.activeElement).toBe(button);
    // The group is as it was.
    expect($$('[data-testid="dup-group"]').length).toBe(2);
  });

  it("Keep this one merges the group into that item, asking first for three or more; Esc closes only the question", async () => {
    const { backend, calls } = await openDuplicates();
    const near = $('[data-testid="dup-group"][data-kind="near"]')!;
    const ids = backend.duplicates(10).find((g) => g.kind === "near")!.resources.map((r) => r.id);
    await openCompare(near);
    expect(paneIds()).toEqual(ids);

    const keepSecond = () => click(panes()[1].querySelector<HTMLElement>('[data-testid="compare-keep"]')!);
    keepSecond();
    await waitFor(() => testid("confirm-dialog"));
    const kept = backend.byId.get(ids[1])!.name;
    expect(document.getElementById("confirm-title")!.textContent).toBe(`Merge 3 items into “${kept}”?`);
    // Esc is the question's: Compare stays.
    press("Escape");
    await waitFor(() => !testid("confirm-dialog"));
    expect(testid("compare")).not.toBeNull();
    expect(calls.some((c) => c.cmd === "merge")).toBe(false);

    keepSecond();
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => !testid("compare"));
    expect(calls.find((c) => c.cmd === "merge")!.args).toEqual({ keep: ids[1], others: [ids[0], ids[2]] });
    await waitFor(() => toastWith(`Merged 2 items into “${kept}”`));
    expect(backend.byId.get(ids[0])!.trashedAt).not.toBeNull();
    expect(backend.byId.get(ids[2])!.trashedAt).not.toBeNull();
    expect(backend.byId.get(ids[1])!.trashedAt).toBeNull();
    // The list is asked again: the merged ones are in none of its groups now.
    const members = () => $$('[data-testid="dup-group"] input[type="radio"]').map((r) => r.getAttribute("aria-label"));
    await waitFor(() => !members().includes(`Keep ${backend.byId.get(ids[0])!.name}`));
    expect(members()).not.toContain(`Keep ${backend.byId.get(ids[2])!.name}`);
  });

  it("shows four of a larger group at a time; → and the strip choose which", async () => {
    const { backend } = await openDuplicates();
    typeInto(testid("dup-threshold")!, "20");
    await waitFor(() => $$('[data-testid="dup-group"]').length === 3);
    const ids = backend.duplicates(20)[2].resources.map((r) => r.id);
    expect(ids).toHaveLength(6);
    await openCompare($$('[data-testid="dup-group"]')[2]);
    expect(paneIds()).toEqual(ids.slice(0, 4));
    expect($$('[data-testid="compare-chip"]')).toHaveLength(6);
    // The facts: one column per pane shown.
    expect(fact("name")!.querySelectorAll("td")).toHaveLength(4);
    press("ArrowRight");
    await waitFor(() => paneIds()[0] === ids[1]);
    expect(paneIds()).toEqual(ids.slice(1, 5));
    press("ArrowRight");
    press("ArrowRight");
    await waitFor(() => paneIds()[0] === ids[2]);
    press("ArrowLeft");
    await waitFor(() => paneIds()[0] === ids[1]);
    click($$('[data-testid="compare-chip"]')[0]);
    await waitFor(() => paneIds()[0] === ids[0]);
    click($$('[data-testid="compare-chip"]')[5]);
    await waitFor(() => paneIds()[3] === ids[5]);
    click(testid("compare-close")!);
    await waitFor(() => !testid("compare"));
  });
});
