// The full-window viewer (Lightroom's Loupe, Apple Photos): one item of the
// grid's order at a time, fitted to the window or zoomed and panned, with
// its marks under it and its information on request. It owns the keyboard
// while it is open; the key map is in viewer.ts.
import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent } from "react";
import { imageUrl, type ImageKind } from "../api";
import type { Label, Mark, Marks, ResourceDetails, Tile } from "../bindings";
import {
  VIEWER_KEYS,
  applyMark,
  canPan,
  clampPan,
  expectedSize,
  fitView,
  imageKinds,
  infoRows,
  panBy,
  positionText,
  shownMarks,
  toggleFullscreen,
  viewerKey,
  wheelFactor,
  zoomAt,
  zoomPercent,
  zoomStep,
  zoomTo,
  type MarkOverride,
  type Point,
  type Size,
  type View,
  type ViewerAction,
} from "../viewer";
import { cycleTab } from "./Modal";
import "./Viewer.css";

export type ViewerProps = {
  /** The item shown: its place in the grid's current order. */
  index: number;
  /** Items in that order. */
  count: number;
  /** The tile at a place, undefined while it is not loaded (tileCache.tileAt). */
  tileAt: (index: number) => Tile | undefined;
  /** For the information overlay (api.resource). */
  loadDetails: (id: number) => Promise<ResourceDetails>;
  /** The viewer moved to another item (arrows, Home/End, the side buttons). */
  onIndexChange: (index: number) => void;
  /** A rating, label or flag from a key or the bar; the viewer shows it at
   * once, until the tile itself changes (or the promise, if one, rejects). */
  onMark: (ids: number[], mark: Mark) => void | Promise<unknown>;
  /** The grid's mark keys (keyboard.ts markForKey): 0–5, 6–9, P, X, U. */
  markForKey: (key: string, current: Marks) => Mark | null;
  onClose: () => void;
  /** A picture's address; imageUrl(kind, id, content_rev) when absent. */
  imageFor?: (tile: Tile, kind: ImageKind) => string;
  /** Full screen for the app's window (Tauri's setFullscreen); when
   * absent, F uses the page's Fullscreen API. Called instead of it, so the
   * two never toggle against each other. */
  onToggleFullscreen?: () => void;
  /** Delete / Backspace delete the item shown; without it they do nothing. */
  onDelete?: (ids: number[]) => void;
  /** True while a dialog above the viewer (a confirmation) has the keys. */
  suspended?: boolean;
};

const defaultImageFor = (tile: Tile, kind: ImageKind) => imageUrl(kind, tile.id, tile.content_rev);

const LABEL_NAMES: Record<Label, string> = { red: "Red", yellow: "Yellow", green: "Green", blue: "Blue", purple: "Purple" };

type Loaded = { id: number; rev: number; details: ResourceDetails | null; error: boolean };

/** What the window-wide handlers (keys, wheel) read: this render's. */
type Latest = {
  props: ViewerProps;
  tile: Tile | undefined;
  marks: Marks | null;
  at: number;
  help: boolean;
  view: View | null;
  image: Size | null;
  viewport: Size;
  maxFit: number;
  run: (action: ViewerAction) => void;
};

export function Viewer(props: ViewerProps) {
  const { index, count, tileAt, onIndexChange, onClose } = props;
  const imageFor = props.imageFor ?? defaultImageFor;
  const at = count > 0 ? Math.max(0, Math.min(index, count - 1)) : 0;
  const tile = count > 0 ? tileAt(at) : undefined;

  const rootRef = useRef<HTMLDivElement>(null);
  const latest = useRef<Latest>(null as unknown as Latest);
  const stageRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  /** null: fitted to the window (it follows the window's size); else zoomed by the person. */
  const [zoom, setZoom] = useState<View | null>(null);
  const [info, setInfo] = useState(false);
  const [help, setHelp] = useState(false);
  const [overrides, setOverrides] = useState<ReadonlyMap<number, MarkOverride>>(new Map());
  /** Natural sizes of the pictures loaded, by address. */
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());
  /** Addresses that failed: the next picture in imageKinds is tried. */
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [dragging, setDragging] = useState(false);

  // An order that shrank under the viewer (items deleted): stay on its last.
  useEffect(() => {
    if (count > 0 && index > count - 1) onIndexChange(count - 1);
  }, [count, index, onIndexChange]);

  // --- the picture ---
  const kinds = tile ? imageKinds(tile) : [];
  const kind = tile ? kinds.find((k) => !failed.has(imageFor(tile, k))) ?? null : null;
  const url = tile && kind ? imageFor(tile, kind) : null;
  const thumbUrl = tile && kind && kind !== "thumb" && kinds.includes("thumb") ? imageFor(tile, "thumb") : null;
  const natural = url ? sizes.get(url) : undefined;
  const thumbNatural = thumbUrl ? sizes.get(thumbUrl) : undefined;
  const expected = tile && kind ? expectedSize(tile, kind) : null;
  // Until the picture has loaded: the tile's dimensions, in the thumbnail's proportions once it is there.
  const image: Size | null =
    natural ??
    (thumbNatural
      ? expected
        ? { width: Math.sqrt((expected.width * expected.height * thumbNatural.width) / thumbNatural.height), height: Math.sqrt((expected.width * expected.height * thumbNatural.height) / thumbNatural.width) }
        : thumbNatural
      : expected);
  // A preview stands in for a larger original: it may be blown up to fit.
  const maxFit = kind === "original" ? 1 : Infinity;
  const view: View | null = image ? (zoom ? clampPan(zoom, image, viewport) : fitView(image, viewport, maxFit)) : null;

  const sizeLoaded = (src: string, img: HTMLImageElement) => {
    if (!img.naturalWidth || !img.naturalHeight) return;
    setSizes((m) => new Map(m).set(src, { width: img.naturalWidth, height: img.naturalHeight }));
  };
  const imageFailed = (src: string) => setFailed((s) => new Set(s).add(src));

  // A new item starts fitted.
  const tileId = tile?.id;
  useEffect(() => {
    setZoom(null);
  }, [at, tileId]);

  // --- marks ---
  const marks = tile ? shownMarks(tile.marks, overrides.get(tile.id)) : null;
  const mark = (m: Mark) => {
    const t = latest.current.tile;
    const current = latest.current.marks;
    if (!t || !current) return;
    const override = { base: t.marks, marks: applyMark(current, m) };
    setOverrides((o) => new Map(o).set(t.id, override));
    const done = latest.current.props.onMark([t.id], m);
    if (done && typeof done.then === "function")
      done.then(undefined, () =>
        setOverrides((o) => {
          if (o.get(t.id) !== override) return o;
          const next = new Map(o);
          next.delete(t.id);
          return next;
        }),
      );
  };

  // --- the window's size ---
  useLayoutEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const measure = () => setViewport((v) => (v.width === stage.clientWidth && v.height === stage.clientHeight ? v : { width: stage.clientWidth, height: stage.clientHeight }));
    measure();
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(measure);
      observer.observe(stage);
      return () => observer.disconnect();
    }
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);

  // --- zoom ---
  const centre = (): Point => ({ x: viewport.width / 2, y: viewport.height / 2 });
  const toggleZoom = (point: Point) => {
    if (!image || !view) return;
    setZoom(zoom ? null : zoomTo(view, point, 1, image, viewport, maxFit));
  };
  const stepZoom = (dir: 1 | -1) => {
    if (!image || !view) return;
    setZoom(zoomTo(view, centre(), zoomStep(view.scale, dir), image, viewport, maxFit));
  };

  const run = (action: ViewerAction) => {
    switch (action.type) {
      case "go":
        onIndexChange(action.index);
        break;
      case "close":
        onClose();
        break;
      case "closeHelp":
        setHelp(false);
        break;
      case "fullscreen":
        toggleFullscreen(document, props.onToggleFullscreen);
        break;
      case "info":
        setInfo((v) => !v);
        break;
      case "help":
        setHelp((v) => !v);
        break;
      case "zoom":
        stepZoom(action.dir);
        break;
      case "toggleZoom":
        toggleZoom(centre());
        break;
      case "fit":
        setZoom(null);
        break;
      case "mark":
        mark(action.mark);
        break;
      case "delete":
        if (tile) props.onDelete?.([tile.id]);
        break;
    }
  };
  latest.current = { props, tile, marks, at, help, view, image, viewport, maxFit, run };

  // --- keys: before anything else on the page, so the grid behind never sees them ---
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const l = latest.current;
      if (l.props.suspended || e.isComposing) return;
      const root = rootRef.current;
      const target = e.target instanceof HTMLElement ? e.target : null;
      // A button of the viewer's own, reached with Tab: Enter and Space press it.
      if ((e.key === "Enter" || e.key === " ") && target && target !== root && root?.contains(target) && target.closest("button")) {
        e.stopImmediatePropagation();
        return;
      }
      const action = viewerKey(
        { key: e.key, ctrl: e.ctrlKey || e.metaKey, alt: e.altKey, repeat: e.repeat },
        { index: l.at, count: l.props.count, marks: l.marks, helpOpen: l.help, canDelete: !!l.props.onDelete, markForKey: l.props.markForKey },
      );
      if (action.type === "pass") {
        if (e.key === "Tab" && root) {
          e.stopImmediatePropagation();
          cycleTab(e, root);
        }
        return;
      }
      e.stopImmediatePropagation();
      if (action.type === "stop") return;
      e.preventDefault();
      l.run(action);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // --- focus: into the viewer on open, back where it was on close ---
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    rootRef.current?.focus({ preventScroll: true });
    return () => {
      if (typeof document !== "undefined" && document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
      if (before && before.isConnected) before.focus({ preventScroll: true });
    };
  }, []);

  // --- wheel: zoom at the pointer (a native listener: React's is passive) ---
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { view: v, image: img, viewport: vp, maxFit: mf } = latest.current;
      if (!v || !img || !e.deltaY) return;
      const rect = stage.getBoundingClientRect();
      const point = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      setZoom(zoomAt(v, point, wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey, vp.height), img, vp, mf));
    };
    stage.addEventListener("wheel", onWheel, { passive: false });
    return () => stage.removeEventListener("wheel", onWheel);
  }, []);

  // --- drag: move a zoomed image ---
  const drag = useRef<{ pointer: number; x: number; y: number; view: View } | null>(null);
  const pannable = !!(zoom && view && image && canPan(view, image, viewport));
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !pannable || !view) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { pointer: e.pointerId, x: e.clientX, y: e.clientY, view };
    setDragging(true);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId || !image) return;
    setZoom(panBy(d.view, e.clientX - d.x, e.clientY - d.y, image, viewport));
  };
  const endDrag = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointer !== e.pointerId) return;
    drag.current = null;
    setDragging(false);
    e.currentTarget.releasePointerCapture?.(e.pointerId);
  };
  const onDoubleClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    toggleZoom({ x: e.clientX - rect.left, y: e.clientY - rect.top });
  };

  // --- the neighbours, loaded ahead for instant paging ---
  const neighbours = [at + 1, at - 1]
    .filter((i) => i >= 0 && i < count)
    .map((i) => tileAt(i))
    .flatMap((t) => {
      const k = t ? imageKinds(t)[0] : undefined;
      return t && k ? [imageFor(t, k)] : [];
    });
  const neighbourKey = neighbours.join("\n");
  const preloaded = useRef<HTMLImageElement[]>([]);
  useEffect(() => {
    if (typeof Image === "undefined" || !neighbourKey) return;
    preloaded.current = neighbourKey.split("\n").map((src) => {
      const img = new Image();
      img.decoding = "async";
      img.src = src;
      return img;
    });
  }, [neighbourKey]);

  // --- details, for the information overlay ---
  const rev = tile?.content_rev;
  useEffect(() => {
    if (!info || tileId === undefined || rev === undefined) return;
    let live = true;
    // From this render's props: a new function each render must not load again.
    latest.current.props.loadDetails(tileId).then(
      (details) => live && setLoaded({ id: tileId, rev, details, error: false }),
      () => live && setLoaded({ id: tileId, rev, details: null, error: true }),
    );
    return () => {
      live = false;
    };
  }, [info, tileId, rev]);
  const details = loaded && tile && loaded.id === tile.id ? loaded : null;

  const name = tile?.name ?? (count > 0 ? "Loading…" : "Nothing to show");
  const go = (i: number) => {
    if (i >= 0 && i < count && i !== at) onIndexChange(i);
  };
  const keepPointer = (e: ReactPointerEvent) => e.stopPropagation(); // a press on a control is not a drag
  const noFocus = (e: ReactMouseEvent) => e.preventDefault(); // a click keeps the keys with the viewer, not the button

  const box = view && image ? { width: image.width * view.scale, height: image.height * view.scale, transform: `translate(${view.x}px, ${view.y}px)` } : undefined;
  const fullReady = !!natural;

  return (
    <div ref={rootRef} className="viewer" role="dialog" aria-modal="true" aria-label={name} tabIndex={-1} data-testid="viewer">
      <div className="viewer-bar">
        <span className="viewer-name" title={name}>
          {name}
        </span>
        <span className="viewer-position" data-testid="viewer-position">
          {positionText(at, count)}
        </span>
        <span className="viewer-zoom" data-testid="viewer-zoom" title={zoom ? "Zoom" : "Fitted to the window"}>
          {view ? (zoom ? zoomPercent(view.scale) : `Fit · ${zoomPercent(view.scale)}`) : ""}
        </span>
        {tile && kind && kind !== "original" && (
          <span className="viewer-tag" title="The webview cannot show this file itself: this is the library's preview of it">
            Preview
          </span>
        )}
        <span className="viewer-spacer" />
        <button type="button" className="viewer-btn" aria-label="Fit to window" title="Fit (Z)" aria-pressed={!zoom} onMouseDown={noFocus} onClick={() => setZoom(null)}>
          Fit
        </button>
        <button
          type="button"
          className="viewer-btn"
          aria-label="Actual size"
          title="100 % (Z)"
          aria-pressed={!!zoom && !!view && Math.abs(view.scale - 1) < 0.005}
          onMouseDown={noFocus}
          onClick={() => view && image && setZoom(zoomTo(view, centre(), 1, image, viewport, maxFit))}
        >
          100 %
        </button>
        <button type="button" className="viewer-btn" aria-label="Information" title="Information (I)" aria-pressed={info} onMouseDown={noFocus} onClick={() => setInfo((v) => !v)}>
          Info
        </button>
        <button type="button" className="viewer-btn" aria-label="Full screen" title="Full screen (F)" onMouseDown={noFocus} onClick={() => toggleFullscreen(document, props.onToggleFullscreen)}>
          Full screen
        </button>
        <button type="button" className="viewer-btn" aria-label="Keys" title="Keys (?)" aria-pressed={help} onMouseDown={noFocus} onClick={() => setHelp((v) => !v)}>
          ?
        </button>
        <button type="button" className="viewer-btn viewer-close" aria-label="Close" title="Close (Esc)" onMouseDown={noFocus} onClick={onClose}>
          ×
        </button>
      </div>

      <div
        ref={stageRef}
        className={`viewer-stage${pannable ? " is-pannable" : ""}${dragging ? " is-dragging" : ""}`}
        data-testid="viewer-stage"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onDoubleClick={onDoubleClick}
      >
        {tile && thumbUrl && !fullReady && (
          <img
            key={`t-${thumbUrl}`}
            className="viewer-img viewer-img-placeholder"
            src={thumbUrl}
            alt=""
            draggable={false}
            style={box ?? { visibility: "hidden" }}
            onLoad={(e) => sizeLoaded(thumbUrl, e.currentTarget)}
          />
        )}
        {tile && url && (
          <img
            key={url}
            className="viewer-img"
            src={url}
            alt={tile.name}
            draggable={false}
            data-testid="viewer-image"
            data-kind={kind ?? undefined}
            style={box && (fullReady || !thumbUrl) ? box : { ...box, visibility: "hidden" }}
            onLoad={(e) => sizeLoaded(url, e.currentTarget)}
            onError={() => imageFailed(url)}
          />
        )}
        {count > 0 && !tile && <div className="viewer-message">Loading…</div>}
        {count === 0 && <div className="viewer-message">Nothing to show</div>}
        {tile && !url && <div className="viewer-message">No picture of this item</div>}
        {tile && url && !fullReady && !thumbNatural && <div className="viewer-spinner" aria-hidden="true" />}

        <button type="button" className="viewer-side is-prev" aria-label="Previous" title="Previous (←)" disabled={at <= 0} onMouseDown={noFocus} onPointerDown={keepPointer} onClick={() => go(at - 1)} onDoubleClick={(e) => e.stopPropagation()}>
          ‹
        </button>
        <button type="button" className="viewer-side is-next" aria-label="Next" title="Next (→)" disabled={at >= count - 1} onMouseDown={noFocus} onPointerDown={keepPointer} onClick={() => go(at + 1)} onDoubleClick={(e) => e.stopPropagation()}>
          ›
        </button>

        {info && tile && (
          <div className="viewer-info" data-testid="viewer-info" aria-label="Information" role="region" onPointerDown={keepPointer} onDoubleClick={(e) => e.stopPropagation()}>
            <div className="viewer-info-name selectable">{tile.name}</div>
            <dl>
              {infoRows(tile, details?.details ?? null).map((r) => (
                <div key={r.label} className="viewer-info-row">
                  <dt>{r.label}</dt>
                  <dd className="selectable">{r.value}</dd>
                </div>
              ))}
              {marks && (
                <div className="viewer-info-row">
                  <dt>Marks</dt>
                  <dd>{marksText(marks)}</dd>
                </div>
              )}
            </dl>
            {!details && <div className="viewer-info-note">Loading…</div>}
            {details?.error && <div className="viewer-info-note">The rest of its information could not be read.</div>}
          </div>
        )}

        {help && (
          <div className="viewer-help" data-testid="viewer-help" role="region" aria-label="Keys" onPointerDown={keepPointer}>
            <div className="viewer-help-title">Keys</div>
            <dl>
              {VIEWER_KEYS.map((k) => (
                <div key={k.what + k.keys.join()} className="viewer-info-row">
                  <dt>
                    {k.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </dt>
                  <dd>{k.what}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>

      <div className="viewer-marks" data-testid="viewer-marks">
        {marks && tile && (
          <>
            <span className="viewer-stars" role="group" aria-label={`Rating: ${marks.rating} of 5`}>
              {[1, 2, 3, 4, 5].map((n) => (
                <button
                  key={n}
                  type="button"
                  className={`viewer-star${n <= marks.rating ? " is-on" : ""}`}
                  aria-label={`${n} star${n === 1 ? "" : "s"}`}
                  aria-pressed={n === marks.rating}
                  title={n === marks.rating ? "Clear the rating" : `Rate ${n}`}
                  onMouseDown={noFocus}
                  onClick={() => mark({ kind: "rating", stars: n === marks.rating ? 0 : n })}
                >
                  ★
                </button>
              ))}
            </span>
            {marks.label && (
              <span className={`viewer-label is-${marks.label}`} data-testid="viewer-label">
                {LABEL_NAMES[marks.label]}
              </span>
            )}
            {marks.flag && (
              <span className={`viewer-flag is-${marks.flag}`} data-testid="viewer-flag">
                {marks.flag === "pick" ? "⚑ Pick" : "✕ Rejected"}
              </span>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function marksText(marks: Marks): string {
  const parts = [marks.rating > 0 ? "★".repeat(marks.rating) : "Unrated"];
  if (marks.label) parts.push(LABEL_NAMES[marks.label]);
  if (marks.flag) parts.push(marks.flag === "pick" ? "Pick" : "Rejected");
  return parts.join(" · ");
}

