// Compare (Lightroom's Survey, Photo Mechanic's compare): two or more
// duplicates side by side, zoomed and panned in step. Pure: CompareView.tsx
// applies it.
//
// The zoom is one state shared by every pane, kept relative so that it means
// the same in each whatever its picture's size:
//   - `base` "fit": each picture fitted to its pane (at most 100 %), times
//     `factor`; "pixel": each at its own pixel size (100 %), times `factor`.
//   - `centre`: the point of the picture at the pane's centre, as fractions
//     of its width and height (0.5, 0.5 is the middle), so that a drag in
//     one pane shows the same part of every picture.
// A wheel, a drag or a key acts on one pane's view (viewer.ts's geometry,
// with its bounds); the result, read back as a shared state, moves all.
//
// Keys, while Compare is open:
//   Esc            close (a confirmation above it takes Esc first)
//   0, F, Ctrl 0   fit each picture to its pane
//   1              100 %: each picture at its own pixel size
//   + / =, - / _   zoom in / out a step
//   ← / →          which item comes first, when there are more than fit
//   Z, double-click   fit ↔ 100 %
import type { Fact, ResourceDetails, Resource } from "./bindings";
import { formatBytes, formatCount, formatDimensions } from "./format";
import { readResourceInfo } from "./resourceInfo";
import { canPan, clampPan, fitScale, panBy, zoomAt, zoomStep, zoomTo, type Point, type Size, type View } from "./viewer";

export type { Point, Size, View } from "./viewer";

// --- the shared zoom ---

export type CompareZoom = { base: "fit" | "pixel"; factor: number; centre: Point };

/** Each picture fitted to its pane: where Compare starts. */
export const FIT: CompareZoom = { base: "fit", factor: 1, centre: { x: 0.5, y: 0.5 } };

/** One pane: its picture's own pixel size and the pane's size, in CSS px. */
export type PaneGeometry = { image: Size; pane: Size };

/** A small original is not blown up to fit. */
const MAX_FIT = 1;

export function isFit(zoom: CompareZoom): boolean {
  return zoom.base === "fit" && Math.abs(zoom.factor - 1) < 1e-6;
}

export function isActualSize(zoom: CompareZoom): boolean {
  return zoom.base === "pixel" && Math.abs(zoom.factor - 1) < 1e-6;
}

function baseScale(base: CompareZoom["base"], g: PaneGeometry): number {
  return base === "fit" ? fitScale(g.image, g.pane, MAX_FIT) : 1;
}

/** Where a pane shows its picture: scale and top-left corner, within viewer.ts's bounds. */
export function paneView(zoom: CompareZoom, g: PaneGeometry): View {
  const scale = baseScale(zoom.base, g) * zoom.factor;
  const x = g.pane.width / 2 - zoom.centre.x * g.image.width * scale;
  const y = g.pane.height / 2 - zoom.centre.y * g.image.height * scale;
  return clampPan({ scale, x, y }, g.image, g.pane);
}

/** The point of the picture at the pane's centre, as fractions of its size. */
export function centreOf(view: View, g: PaneGeometry): Point {
  const w = g.image.width * view.scale;
  const h = g.image.height * view.scale;
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  return {
    x: w > 0 ? clamp((g.pane.width / 2 - view.x) / w) : 0.5,
    y: h > 0 ? clamp((g.pane.height / 2 - view.y) / h) : 0.5,
  };
}

/** A view of one pane, as the shared state (its base kept). */
export function fromView(view: View, g: PaneGeometry, base: CompareZoom["base"]): CompareZoom {
  const b = baseScale(base, g);
  return { base, factor: b > 0 ? view.scale / b : 1, centre: centreOf(view, g) };
}

/** A wheel in one pane: zooms by `factor` around `point` (the pane's
 * coordinates), keeping the picture's point under it where it is. */
export function wheelZoom(zoom: CompareZoom, g: PaneGeometry, point: Point, factor: number): CompareZoom {
  return fromView(zoomAt(paneView(zoom, g), point, factor, g.image, g.pane, MAX_FIT), g, zoom.base);
}

/** A drag in one pane by (dx, dy) CSS px from where it started (`zoom`, then). */
export function dragPan(zoom: CompareZoom, g: PaneGeometry, dx: number, dy: number): CompareZoom {
  return fromView(panBy(paneView(zoom, g), dx, dy, g.image, g.pane), g, zoom.base);
}

/** Whether a drag in the pane moves its picture. */
export function pannable(zoom: CompareZoom, g: PaneGeometry): boolean {
  return canPan(paneView(zoom, g), g.image, g.pane);
}

/** + / −: the pane `g` (the first shown) goes to the next of viewer.ts's
 * zoom steps; the others follow by the same ratio. */
export function stepZoom(zoom: CompareZoom, g: PaneGeometry, dir: 1 | -1): CompareZoom {
  const view = paneView(zoom, g);
  const centre = { x: g.pane.width / 2, y: g.pane.height / 2 };
  return fromView(zoomTo(view, centre, zoomStep(view.scale, dir), g.image, g.pane, MAX_FIT), g, zoom.base);
}

/** 100 %: each picture at its own pixel size, the same part of it in the middle. */
export function actualSize(zoom: CompareZoom): CompareZoom {
  return { base: "pixel", factor: 1, centre: zoom.centre };
}

/** Z, a double-click: fit ↔ 100 %, keeping the point under the pointer (when given) where it is. */
export function toggleZoom(zoom: CompareZoom, g: PaneGeometry | null, point?: Point): CompareZoom {
  if (!isFit(zoom)) return FIT;
  if (!g || !point) return actualSize(zoom);
  return fromView(zoomTo(paneView(zoom, g), point, 1, g.image, g.pane, MAX_FIT), g, "pixel");
}

/** What the bar says: "Fit", "100 %", or the first pane's scale. */
export function zoomText(zoom: CompareZoom, g: PaneGeometry | null): string {
  if (isFit(zoom)) return "Fit";
  if (isActualSize(zoom)) return "100 %";
  if (!g) return "";
  return `${Math.round(paneView(zoom, g).scale * 100)} %`;
}

/** A picture's own pixel size: the item's dimensions, in the proportions of
 * the picture shown once it has loaded (a preview at most 1024 px, perhaps
 * turned upright where the original's dimensions are not); the loaded
 * picture's where the item has none. */
export function pixelSize(dims: { width: number | null; height: number | null }, loaded: Size | null | undefined): Size | null {
  const known = !!dims.width && !!dims.height && dims.width > 0 && dims.height > 0;
  if (loaded && loaded.width > 0 && loaded.height > 0) {
    if (!known) return loaded;
    const k = Math.max(dims.width!, dims.height!) / Math.max(loaded.width, loaded.height);
    return { width: loaded.width * k, height: loaded.height * k };
  }
  return known ? { width: dims.width!, height: dims.height! } : null;
}

// --- which items show ---

/** At most this many panes side by side. */
export const MAX_PANES = 4;

/** The first of the items shown, kept where a full row of them shows. */
export function clampFirst(first: number, count: number, per = MAX_PANES): number {
  return Math.max(0, Math.min(first, count - per));
}

/** The indexes shown from `first`. */
export function shownRange(first: number, count: number, per = MAX_PANES): number[] {
  const start = clampFirst(first, count, per);
  const out: number[] = [];
  for (let i = start; i < Math.min(count, start + per); i++) out.push(i);
  return out;
}

/** Where the row starts for item `index` to be shown, moving as little as it can. */
export function firstToShow(index: number, first: number, count: number, per = MAX_PANES): number {
  const start = clampFirst(first, count, per);
  if (index < start) return clampFirst(index, count, per);
  if (index >= start + per) return clampFirst(index - per + 1, count, per);
  return start;
}

// --- keys ---

export type CompareKeyInput = { key: string; ctrl?: boolean; alt?: boolean; repeat?: boolean };

export type CompareAction =
  | { type: "close" }
  | { type: "fit" }
  | { type: "actual" }
  | { type: "toggle" }
  | { type: "zoom"; dir: 1 | -1 }
  | { type: "shift"; dir: 1 | -1 }
  /** Not Compare's: let it go on (Tab, Ctrl combinations). */
  | { type: "pass" };

/** What a key does in Compare; `paged`: more items than show at once. */
export function compareKey(input: CompareKeyInput, paged: boolean): CompareAction {
  const { key } = input;
  const pass: CompareAction = { type: "pass" };
  if (input.alt) return pass;
  if (input.ctrl) {
    if (key === "0") return { type: "fit" };
    if (key === "+" || key === "=") return { type: "zoom", dir: 1 };
    if (key === "-" || key === "_") return { type: "zoom", dir: -1 };
    return pass;
  }
  switch (key) {
    case "Escape":
      return { type: "close" };
    case "0":
    case "f":
    case "F":
      return { type: "fit" };
    case "1":
      return { type: "actual" };
    case "z":
    case "Z":
      return input.repeat ? pass : { type: "toggle" };
    case "+":
    case "=":
      return { type: "zoom", dir: 1 };
    case "-":
    case "_":
      return { type: "zoom", dir: -1 };
    case "ArrowLeft":
      return paged ? { type: "shift", dir: -1 } : pass;
    case "ArrowRight":
      return paged ? { type: "shift", dir: 1 } : pass;
  }
  return pass;
}

/** The keys, for the bar's hint. */
export const COMPARE_KEYS: ReadonlyArray<{ keys: string[]; what: string }> = [
  { keys: ["0", "F"], what: "Fit" },
  { keys: ["1"], what: "100 %" },
  { keys: ["+", "−"], what: "Zoom" },
  { keys: ["←", "→"], what: "Other items" },
  { keys: ["Esc"], what: "Close" },
];

// --- the differences ---

/** One fact of one item: what shows, and what is compared (`null`: not known yet). */
export type FactCell = { text: string; value: string | number | null; title?: string };
export type FactRow = { key: string; label: string; cells: FactCell[]; differs: boolean };

const RATING_TEXT = (stars: number) => (stars > 0 ? "★".repeat(stars) : "Unrated");

/** The facts Compare lists for one item; `details` null while they load. */
export function factCells(r: Resource, details: ResourceDetails | null | undefined): Record<string, FactCell> {
  const loading: FactCell = { text: "…", value: null };
  const photo = details ? readResourceInfo(details.content_type, details.facts as Fact[]).photo : null;
  const taken = photo?.time ?? null;
  const dims = formatDimensions(r.width, r.height);
  return {
    name: { text: r.name, value: r.name, title: r.original_path || r.name },
    type: { text: r.content_type || "—", value: r.content_type },
    dimensions: { text: dims || "—", value: dims },
    size: { text: formatBytes(r.size), value: r.size, title: `${formatCount(r.size)} bytes` },
    taken: details ? { text: taken?.text ?? "—", value: taken?.full ?? taken?.text ?? "", title: taken?.full } : loading,
    rating: details ? { text: RATING_TEXT(details.marks.rating), value: details.marks.rating } : loading,
    path: { text: r.original_path || "—", value: r.original_path, title: r.original_path },
  };
}

export const FACT_ROWS: ReadonlyArray<{ key: string; label: string }> = [
  { key: "size", label: "File size" },
  { key: "dimensions", label: "Dimensions" },
  { key: "type", label: "Type" },
  { key: "taken", label: "Date taken" },
  { key: "name", label: "Name" },
  { key: "rating", label: "Rating" },
  { key: "path", label: "Original location" },
];

/** Whether the values differ: only once every one is known. */
export function valuesDiffer(values: ReadonlyArray<string | number | null>): boolean {
  if (values.length < 2 || values.some((v) => v === null)) return false;
  return values.some((v) => v !== values[0]);
}

/** The rows of facts, one cell per item, in the items' order. */
export function differences(items: ReadonlyArray<{ resource: Resource; details: ResourceDetails | null | undefined }>): FactRow[] {
  const cells = items.map((i) => factCells(i.resource, i.details));
  return FACT_ROWS.map(({ key, label }) => {
    const row = cells.map((c) => c[key]);
    return { key, label, cells: row, differs: valuesDiffer(row.map((c) => c.value)) };
  });
}
