// The full-window viewer's logic (Lightroom's Loupe, Apple Photos): what a
// key does, the zoom and pan geometry, which picture of an item to show, and
// the marks shown while a change is on its way. Pure: Viewer.tsx applies it.
//
// Keys, while the viewer is open (it takes them before the grid behind it):
//   ← / →            previous / next item (stops at the ends, no wrap)
//   Home / End       first / last item
//   Esc              closes the help if it is open, else the viewer
//   F, F11           full screen on / off
//   I                information overlay on / off
//   ?                this list of keys on / off
//   Z, Space         fit to the window ↔ 100 % (one image pixel per CSS pixel)
//   + / =, Ctrl +    zoom in a step
//   - / _, Ctrl -    zoom out a step
//   Ctrl 0           fit to the window
//   0–5              rating (0 clears)        } as markForKey maps them:
//   6–9              colour label             } the grid's own keys
//   P / X / U        pick / reject / unflag   }
//   Delete, ⌫        delete the item (when the viewer is given onDelete)
//   Tab              goes round the viewer's own buttons
// Every other key without Ctrl/⌘/Alt is kept from the page behind (so the
// grid never moves under the viewer) but keeps its default (F5, F12).
// Ctrl/⌘/Alt combinations go on (undo, copy), except those that act on the
// hidden grid or search (Ctrl+A, Ctrl+F, Ctrl+Delete).
import type { ImageKind } from "./api";
import type { Fact, Mark, Marks, ResourceDetails, Tile } from "./bindings";
import { isWebImage, typeLabel } from "./fileTypes";
import { formatBytes, formatCount, formatDimensions } from "./format";
import { readResourceInfo } from "./resourceInfo";

// --- keys ---

export type ViewerKeyInput = {
  /** `KeyboardEvent.key`. */
  key: string;
  /** Ctrl or ⌘. */
  ctrl?: boolean;
  alt?: boolean;
  /** Held down: toggles ignore the repeats. */
  repeat?: boolean;
};

export type ViewerKeyState = {
  index: number;
  count: number;
  /** The item's marks as shown; null while its tile is not loaded. */
  marks: Marks | null;
  helpOpen: boolean;
  /** Whether Delete deletes (the viewer was given onDelete). */
  canDelete: boolean;
  /** The grid's rating/label/flag keys: keyboard.ts's markForKey. */
  markForKey: (key: string, current: Marks) => Mark | null;
};

export type ViewerAction =
  | { type: "go"; index: number }
  | { type: "close" }
  | { type: "closeHelp" }
  | { type: "fullscreen" }
  | { type: "info" }
  | { type: "help" }
  | { type: "zoom"; dir: 1 | -1 }
  | { type: "toggleZoom" }
  | { type: "fit" }
  | { type: "mark"; mark: Mark }
  | { type: "delete" }
  /** The viewer's key, but nothing to do (→ at the last item): kept from the page behind. */
  | { type: "stop" }
  /** Not the viewer's: let it go on. */
  | { type: "pass" };

const STOP: ViewerAction = { type: "stop" };
const PASS: ViewerAction = { type: "pass" };

/** What a key press does in the viewer. */
export function viewerKey(input: ViewerKeyInput, state: ViewerKeyState): ViewerAction {
  const { key } = input;
  const ctrl = !!input.ctrl;
  const alt = !!input.alt;
  const repeat = !!input.repeat;
  const last = state.count - 1;
  const go = (index: number): ViewerAction => {
    if (state.count <= 0) return STOP;
    const to = Math.max(0, Math.min(last, index));
    return to === state.index ? STOP : { type: "go", index: to };
  };
  const once = (action: ViewerAction): ViewerAction => (repeat ? STOP : action);

  if (key === "Tab") return PASS;
  if (ctrl || alt) {
    if (ctrl && !alt) {
      if (key === "+" || key === "=") return { type: "zoom", dir: 1 };
      if (key === "-" || key === "_") return { type: "zoom", dir: -1 };
      if (key === "0") return { type: "fit" };
      if (key === "a" || key === "A" || key === "f" || key === "F") return STOP;
    }
    if (key === "Delete" || key === "Backspace") return STOP;
    return PASS;
  }

  switch (key) {
    case "ArrowLeft":
      return go(state.index - 1);
    case "ArrowRight":
      return go(state.index + 1);
    case "Home":
      return go(0);
    case "End":
      return go(last);
    case "Escape":
      return state.helpOpen ? { type: "closeHelp" } : { type: "close" };
    case "f":
    case "F":
    case "F11":
      return once({ type: "fullscreen" });
    case "i":
    case "I":
      return once({ type: "info" });
    case "?":
      return once({ type: "help" });
    case "z":
    case "Z":
    case " ":
      return once({ type: "toggleZoom" });
    case "+":
    case "=":
      return { type: "zoom", dir: 1 };
    case "-":
    case "_":
      return { type: "zoom", dir: -1 };
    case "Delete":
    case "Backspace":
      return state.canDelete && state.marks !== null && !repeat ? { type: "delete" } : STOP;
  }
  if (state.marks !== null && key.length === 1) {
    const mark = state.markForKey(key, state.marks);
    if (mark) return once({ type: "mark", mark });
  }
  return STOP;
}

/** The keys, for the help overlay ("?"). */
export const VIEWER_KEYS: ReadonlyArray<{ keys: string[]; what: string }> = [
  { keys: ["←", "→"], what: "Previous / next" },
  { keys: ["Home", "End"], what: "First / last" },
  { keys: ["Z", "Space"], what: "Fit ↔ 100 %" },
  { keys: ["+", "−"], what: "Zoom in / out" },
  { keys: ["Ctrl 0"], what: "Fit to window" },
  { keys: ["Wheel"], what: "Zoom at the pointer" },
  { keys: ["Drag"], what: "Move a zoomed image" },
  { keys: ["Double-click"], what: "Fit ↔ 100 %" },
  { keys: ["0–5"], what: "Rating (0 clears)" },
  { keys: ["6–9"], what: "Colour label" },
  { keys: ["P", "X", "U"], what: "Pick / reject / unflag" },
  { keys: ["I"], what: "Information" },
  { keys: ["F"], what: "Full screen" },
  { keys: ["?"], what: "These keys" },
  { keys: ["Esc"], what: "Close" },
];

// --- zoom and pan ---

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
/** `scale` CSS px per image pixel; x, y where the image's top-left corner is, in the window's coordinates. */
export type View = { scale: number; x: number; y: number };

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 16;
/** What + and − step through. */
export const ZOOM_STEPS = [0.05, 0.1, 0.125, 0.25, 0.33, 0.5, 0.67, 1, 1.5, 2, 3, 4, 6, 8, 11, 16];

const valid = (s: Size) => s.width > 0 && s.height > 0 && Number.isFinite(s.width) && Number.isFinite(s.height);

/** The scale that shows all of the image in the viewport, at most `maxScale`
 * (1: a small original is not blown up; a preview standing in for a larger
 * original may be). */
export function fitScale(image: Size, viewport: Size, maxScale = 1): number {
  if (!valid(image) || !valid(viewport)) return 1;
  return Math.min(viewport.width / image.width, viewport.height / image.height, maxScale);
}

/** Zoom stays within 5 %–1600 %, or down to the fit of an image too large for 5 %. */
export function clampScale(scale: number, fit = MIN_ZOOM): number {
  return Math.max(Math.min(MIN_ZOOM, fit), Math.min(MAX_ZOOM, scale));
}

function clampAxis(pos: number, shown: number, room: number): number {
  if (shown <= room) return (room - shown) / 2;
  return Math.max(room - shown, Math.min(0, pos));
}

/** Keeps the image covering the viewport where it is larger than it, and
 * centred where it is smaller. */
export function clampPan(view: View, image: Size, viewport: Size): View {
  return {
    scale: view.scale,
    x: clampAxis(view.x, image.width * view.scale, viewport.width),
    y: clampAxis(view.y, image.height * view.scale, viewport.height),
  };
}

export function centredView(scale: number, image: Size, viewport: Size): View {
  return clampPan({ scale, x: 0, y: 0 }, image, viewport);
}

export function fitView(image: Size, viewport: Size, maxScale = 1): View {
  return centredView(fitScale(image, viewport, maxScale), image, viewport);
}

/** Zooms to `scale` keeping the image pixel under `point` where it is (as far as the pan bounds allow). */
export function zoomTo(view: View, point: Point, scale: number, image: Size, viewport: Size, maxFit = 1): View {
  const next = clampScale(scale, fitScale(image, viewport, maxFit));
  const ix = (point.x - view.x) / view.scale;
  const iy = (point.y - view.y) / view.scale;
  return clampPan({ scale: next, x: point.x - ix * next, y: point.y - iy * next }, image, viewport);
}

/** Zooms by `factor` around `point`. */
export function zoomAt(view: View, point: Point, factor: number, image: Size, viewport: Size, maxFit = 1): View {
  return zoomTo(view, point, view.scale * factor, image, viewport, maxFit);
}

/** The next of ZOOM_STEPS above (dir 1) or below (dir −1) `scale`. */
export function zoomStep(scale: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((s) => s > scale * 1.01) ?? MAX_ZOOM;
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) if (ZOOM_STEPS[i] < scale / 1.01) return ZOOM_STEPS[i];
  return MIN_ZOOM;
}

export function panBy(view: View, dx: number, dy: number, image: Size, viewport: Size): View {
  return clampPan({ scale: view.scale, x: view.x + dx, y: view.y + dy }, image, viewport);
}

/** Whether the image is larger than the viewport, so a drag moves it. */
export function canPan(view: View, image: Size, viewport: Size): boolean {
  return image.width * view.scale > viewport.width + 0.5 || image.height * view.scale > viewport.height + 0.5;
}

/** How much one wheel event zooms: a mouse notch (100 px) about 16 %, a
 * trackpad pinch (a Ctrl wheel of small deltas) faster per pixel. */
export function wheelFactor(deltaY: number, deltaMode = 0, ctrl = false, pageHeight = 800): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * pageHeight : deltaY;
  const factor = Math.exp(-px * (ctrl ? 0.01 : 0.0015));
  return Math.max(0.5, Math.min(2, factor));
}

export function zoomPercent(scale: number): string {
  return `${Math.round(scale * 100)} %`;
}

// --- the picture ---

/** Which pictures of an item to try, best first: the original where the
 * webview can show it (DetailsPane's rule: JPEG, PNG, GIF, WebP, BMP, SVG,
 * ICO) and its file is there; else the engine's 1024 px preview (HEIC, raw,
 * video, PDF); the 256 px thumbnail as the last resort. */
export function imageKinds(tile: Pick<Tile, "content_type" | "availability" | "has_thumbnail">): ImageKind[] {
  const kinds: ImageKind[] = [];
  if (isWebImage(tile.content_type) && tile.availability === "present") kinds.push("original");
  if (tile.has_thumbnail) kinds.push("preview", "thumb");
  return kinds;
}

const PREVIEW_SIDE = 1024;

/** The picture's size before it has loaded, from the tile's (the
 * original's) dimensions: the preview is at most 1024 px on its long side. */
export function expectedSize(tile: Pick<Tile, "width" | "height">, kind: ImageKind): Size | null {
  const { width, height } = tile;
  if (!width || !height) return null;
  const side = kind === "original" ? Infinity : kind === "preview" ? PREVIEW_SIDE : 256;
  const k = Math.min(1, side / Math.max(width, height));
  return { width: width * k, height: height * k };
}

// --- marks ---

export function applyMark(marks: Marks, mark: Mark): Marks {
  switch (mark.kind) {
    case "rating":
      return { ...marks, rating: mark.stars };
    case "label":
      return { ...marks, label: mark.label };
    case "flag":
      return { ...marks, flag: mark.flag };
  }
}

export function sameMarks(a: Marks, b: Marks): boolean {
  return a.rating === b.rating && a.label === b.label && a.flag === b.flag;
}

/** A change made here, shown until the tile itself changes. */
export type MarkOverride = { base: Marks; marks: Marks };

/** The marks to show: the local change while the tile still has the marks it was made on. */
export function shownMarks(tileMarks: Marks, override: MarkOverride | undefined): Marks {
  return override && sameMarks(override.base, tileMarks) ? override.marks : tileMarks;
}

/** "3 of 120". */
export function positionText(index: number, count: number): string {
  return count > 0 ? `${formatCount(index + 1)} of ${formatCount(count)}` : "Nothing to show";
}

// --- information overlay ---

export type InfoRow = { label: string; value: string };

/** What the information overlay lists: the tile's own facts at once, the
 * details' (size, when, camera, exposure, place) once they have loaded. */
export function infoRows(tile: Tile, details: ResourceDetails | null): InfoRow[] {
  const rows: InfoRow[] = [];
  const add = (label: string, value: string | null | undefined) => value && rows.push({ label, value });
  add("Type", typeLabel(tile.content_type, tile.name));
  add("Dimensions", formatDimensions(details?.width ?? tile.width, details?.height ?? tile.height));
  if (details) add("Size", formatBytes(details.size));
  const photo = details ? readResourceInfo(details.content_type, details.facts as Fact[]).photo : null;
  if (photo) {
    add("Taken", photo.time?.text);
    add("Camera", photo.camera?.camera);
    add("Lens", photo.camera?.lens);
    add("Exposure", photo.exposure.map((p) => p.text).join(" · "));
    add("Place", [photo.place?.name, photo.place?.coordinates].filter(Boolean).join(" · "));
    add("Title", photo.description?.title);
  }
  if (details && details.tags.length) add("Tags", details.tags.join(", "));
  return rows;
}

// --- full screen ---

/** The part of `document` full screen needs (a fake in the tests). */
export type FullscreenDocument = {
  fullscreenElement: Element | null;
  exitFullscreen?: () => Promise<void>;
  documentElement: { requestFullscreen?: () => Promise<void> };
};

/** Full screen on or off: through `toggle` when given (the app window's own,
 * e.g. Tauri's setFullscreen), else the page's Fullscreen API where the
 * webview has it. Never throws. */
export function toggleFullscreen(doc: FullscreenDocument, toggle?: () => void): void {
  try {
    if (toggle) {
      toggle();
      return;
    }
    const done = doc.fullscreenElement ? doc.exitFullscreen?.() : doc.documentElement.requestFullscreen?.();
    done?.catch?.(() => {});
  } catch {
    // No full screen here: nothing to do.
  }
}
