// @vitest-environment jsdom
// The viewer in a page: it takes the keys before the grid behind it, sends
// marks through the grid's own mapping, and gives the keys up to a dialog above it.
import { act, createElement, useState } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Mock } from "vitest";
import type { Mark, Marks, ResourceDetails, Tile } from "../bindings";
import { Viewer, type ViewerProps } from "./Viewer";

beforeAll(() => {
  (globalThis as Record<string, unknown>).IS_REACT_ACT_ENVIRONMENT = true;
});

const unmarked: Marks = { rating: 0, label: null, flag: null };
const tile = (id: number, over: Partial<Tile> = {}): Tile => ({
  id,
  name: `photo-${id}.jpg`,
  content_type: "image/jpeg",
  availability: "present",
  state: "ready",
  has_thumbnail: true,
  transparent: false,
  content_rev: 1,
  width: 3000,
  height: 2000,
  companion_type: null,
  marks: unmarked,
  in_watched_folder: false,
  trashed_at: null,
  ...over,
});
const tiles = [tile(11), tile(12), tile(13)];

function markForKey(key: string): Mark | null {
  if (/^[0-5]$/.test(key)) return { kind: "rating", stars: Number(key) };
  if (key.toLowerCase() === "p") return { kind: "flag", flag: "pick" };
  return null;
}

let root: Root | null = null;
let container: HTMLElement;
/** Stands in for the grid's window-wide shortcuts (shortcuts.ts: bubble phase). */
let grid: Mock<(e: KeyboardEvent) => void>;
let props: {
  onIndexChange: Mock<(i: number) => void>;
  onMark: Mock<ViewerProps["onMark"]>;
  onClose: Mock<() => void>;
  loadDetails: Mock<ViewerProps["loadDetails"]>;
  markForKey: Mock<ViewerProps["markForKey"]>;
};

/** The viewer as the app holds it: the index in the caller's state. */
function Harness({ start, suspended, list }: { start: number; suspended?: boolean; list: Tile[] }) {
  const [index, setIndex] = useState(start);
  const viewerProps: ViewerProps = {
    index,
    count: list.length,
    tileAt: (i) => list[i],
    loadDetails: props.loadDetails,
    imageFor: (t, kind) => `test://${kind}/${t.id}`,
    onIndexChange: (i) => {
      props.onIndexChange(i);
      setIndex(i);
    },
    onMark: props.onMark,
    markForKey: props.markForKey,
    onClose: props.onClose,
    suspended,
  };
  return createElement(Viewer, viewerProps);
}

function render(options: { start?: number; suspended?: boolean; list?: Tile[] } = {}) {
  act(() => {
    root!.render(createElement(Harness, { start: options.start ?? 0, suspended: options.suspended, list: options.list ?? tiles }));
  });
}

/** A key pressed where the focus is, as the browser sends it. */
function key(k: string, init: KeyboardEventInit = {}) {
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

const $ = (sel: string) => document.querySelector<HTMLElement>(sel);

beforeEach(() => {
  grid = vi.fn<(e: KeyboardEvent) => void>();
  window.addEventListener("keydown", grid);
  props = {
    onIndexChange: vi.fn<(i: number) => void>(),
    onMark: vi.fn<ViewerProps["onMark"]>(),
    onClose: vi.fn<() => void>(),
    loadDetails: vi.fn<ViewerProps["loadDetails"]>((id: number) => Promise.resolve({ ...tiles[0], id, size: 2_500_000, facts: [], tags: [] } as unknown as ResourceDetails)),
    markForKey: vi.fn<ViewerProps["markForKey"]>(markForKey),
  };
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  window.removeEventListener("keydown", grid);
  act(() => root?.unmount());
  root = null;
  container.remove();
});

describe("Viewer", () => {
  it("is a modal dialog named after the item, with the focus in it", () => {
    const before = document.createElement("button");
    document.body.appendChild(before);
    before.focus();
    render();
    const dialog = $('[role="dialog"]')!;
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.getAttribute("aria-label")).toBe("photo-11.jpg");
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect($('[data-testid="viewer-position"]')!.textContent).toBe("1 of 3");
    expect($('[data-testid="viewer-image"]')!.getAttribute("src")).toBe("test://original/11");
    for (const label of ["Fit to window", "Actual size", "Information", "Full screen", "Close"]) expect($(`button[aria-label="${label}"]`)).not.toBeNull();
    // Closed: the focus goes back where it was.
    act(() => root!.render(createElement("div")));
    expect(document.activeElement).toBe(before);
    before.remove();
  });

  it("pages with the arrows, and the grid behind never sees them", () => {
    render();
    const e = key("ArrowRight");
    expect(props.onIndexChange).toHaveBeenCalledWith(1);
    expect(e.defaultPrevented).toBe(true);
    expect(grid).not.toHaveBeenCalled();
    expect($('[role="dialog"]')!.getAttribute("aria-label")).toBe("photo-12.jpg");
    expect($('[data-testid="viewer-position"]')!.textContent).toBe("2 of 3");
    key("ArrowLeft");
    expect(props.onIndexChange).toHaveBeenLastCalledWith(0);
    key("End");
    expect(props.onIndexChange).toHaveBeenLastCalledWith(2);
    // Keys the viewer does not use are kept from the grid too.
    key("ArrowDown");
    key("Enter");
    expect(grid).not.toHaveBeenCalled();
  });

  it("stops at the ends", () => {
    render({ start: 2 });
    key("ArrowRight");
    key("End");
    expect(props.onIndexChange).not.toHaveBeenCalled();
    expect(grid).not.toHaveBeenCalled();
    act(() => root!.unmount());
    root = createRoot(container);
    render({ start: 0 });
    key("ArrowLeft");
    key("Home");
    expect(props.onIndexChange).not.toHaveBeenCalled();
  });

  it("rates with the grid's keys, and shows the rating at once", () => {
    render({ start: 1 });
    key("4");
    expect(props.markForKey).toHaveBeenCalledWith("4", unmarked);
    expect(props.onMark).toHaveBeenCalledWith([12], { kind: "rating", stars: 4 });
    expect(grid).not.toHaveBeenCalled();
    expect(document.querySelectorAll(".viewer-star.is-on").length).toBe(4);
    key("p");
    expect(props.onMark).toHaveBeenLastCalledWith([12], { kind: "flag", flag: "pick" });
    expect(props.markForKey).toHaveBeenLastCalledWith("p", { rating: 4, label: null, flag: null });
    expect($('[data-testid="viewer-flag"]')!.textContent).toContain("Pick");
  });

  it("closes with Escape", () => {
    render();
    key("Escape");
    expect(props.onClose).toHaveBeenCalledOnce();
    expect(grid).not.toHaveBeenCalled();
  });

  it("leaves the keys alone while a dialog above it has them", () => {
    render({ suspended: true });
    for (const k of ["ArrowRight", "4", "Escape", "i"]) {
      const e = key(k);
      expect(e.defaultPrevented).toBe(false);
    }
    expect(props.onIndexChange).not.toHaveBeenCalled();
    expect(props.onMark).not.toHaveBeenCalled();
    expect(props.onClose).not.toHaveBeenCalled();
    expect(grid).toHaveBeenCalledTimes(4);
  });

  it("shows the information with I, loading the details", async () => {
    render();
    expect($('[data-testid="viewer-info"]')).toBeNull();
    key("i");
    expect($('[data-testid="viewer-info"]')!.textContent).toContain("3000 × 2000");
    expect(props.loadDetails).toHaveBeenCalledWith(11);
    await act(async () => {});
    expect($('[data-testid="viewer-info"]')!.textContent).toContain("2.5 MB");
    key("I");
    expect($('[data-testid="viewer-info"]')).toBeNull();
  });

  it("shows the keys with ?, and Escape closes them first", () => {
    render();
    key("?");
    expect($('[data-testid="viewer-help"]')).not.toBeNull();
    key("Escape");
    expect($('[data-testid="viewer-help"]')).toBeNull();
    expect(props.onClose).not.toHaveBeenCalled();
  });

  it("toggles fit and 100 % with Z and Space", () => {
    render();
    expect($('button[aria-label="Fit to window"]')!.getAttribute("aria-pressed")).toBe("true");
    key("z");
    expect($('button[aria-label="Fit to window"]')!.getAttribute("aria-pressed")).toBe("false");
    expect($('[data-testid="viewer-zoom"]')!.textContent).toBe("100 %");
    key(" ");
    expect($('button[aria-label="Fit to window"]')!.getAttribute("aria-pressed")).toBe("true");
  });

  it("shows the preview of a file the webview cannot show", () => {
    render({ list: [tile(21, { content_type: "image/heic" })] });
    expect($('[data-testid="viewer-image"]')!.getAttribute("src")).toBe("test://preview/21");
  });
});
