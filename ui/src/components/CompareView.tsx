// Compare: the items of a duplicate group side by side, over the whole
// window, zoomed and panned in step, with the facts in which they differ
// under them and "Keep this one" under each. The geometry and the keys are
// in compare.ts.
import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent } from "react";
import * as api from "../api";
import type { Resource, ResourceDetails } from "../bindings";
import {
  COMPARE_KEYS,
  FIT,
  MAX_PANES,
  actualSize,
  clampFirst,
  compareKey,
  differences,
  dragPan,
  firstToShow,
  isActualSize,
  isFit,
  pannable,
  paneView,
  pixelSize,
  shownRange,
  stepZoom,
  toggleZoom,
  wheelZoom,
  zoomText,
  type CompareAction,
  type CompareZoom,
  type PaneGeometry,
  type Size,
} from "../compare";
import { formatBytes, formatDimensions, plural } from "../format";
import { checkStore } from "../state/checkLibrary";
import { confirmStore } from "../state/confirm";
import { exportStore } from "../state/exportItems";
import { cycleTab } from "./Modal";
import { Placeholder } from "./Placeholder";
import { wheelFactor } from "../viewer";
import "./Viewer.css";
import "./Compare.css";

export type CompareViewProps = {
  resources: Resource[];
  /** The group's choice, marked among the panes. */
  keep?: number | null;
  /** "Keep this one": the group's own merge, keeping `id`; true when it went ahead. */
  onKeep: (id: number) => Promise<boolean>;
  /** True while a merge is on its way. */
  busy?: boolean;
  onClose: () => void;
  /** Each item's details (rating, date taken); api.resource when absent. */
  loadDetails?: (id: number) => Promise<ResourceDetails>;
};

/** Another layer above Compare (a confirmation) has the keys. */
const layerAbove = () => !!(confirmStore.get() || checkStore.get() || exportStore.get());

type Latest = {
  zoom: CompareZoom;
  geometry: (id: number) => PaneGeometry | null;
  firstGeometry: PaneGeometry | null;
  paged: boolean;
  run: (action: CompareAction) => void;
};

export function CompareView({ resources, keep = null, onKeep, busy = false, onClose, loadDetails = api.resource }: CompareViewProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<CompareZoom>(FIT);
  const [first, setFirst] = useState(0);
  /** Natural sizes of the pictures loaded, by address. */
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Size>>(new Map());
  /** Addresses that failed: the thumbnail, then the placeholder, stands in. */
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const [paneSizes, setPaneSizes] = useState<ReadonlyMap<number, Size>>(new Map());
  const [details, setDetails] = useState<ReadonlyMap<number, ResourceDetails | null>>(new Map());
  const [dragging, setDragging] = useState(false);

  const count = resources.length;
  const paged = count > MAX_PANES;
  const start = clampFirst(first, count);
  const shown = shownRange(start, count).map((i) => resources[i]);

  // --- the pictures ---
  const pictureOf = (r: Resource): string | null => {
    const kinds: api.ImageKind[] = [];
    if (r.preview !== null) kinds.push("preview");
    if (r.thumbnail !== null) kinds.push("thumb");
    for (const k of kinds) {
      const url = api.imageUrl(k, r.id, r.content_rev);
      if (!failed.has(url)) return url;
    }
    return null;
  };
  const geometry = (r: Resource): PaneGeometry | null => {
    const url = pictureOf(r);
    const pane = paneSizes.get(r.id);
    const image = url ? pixelSize(r, loaded.get(url)) : null;
    return image && pane && pane.width > 0 && pane.height > 0 ? { image, pane } : null;
  };
  const firstGeometry = shown.length ? geometry(shown[0]) : null;

  // --- details: for the rating and the date taken ---
  const ids = resources.map((r) => `${r.id}:${r.content_rev}`).join(",");
  const loadRef = useRef(loadDetails);
  loadRef.current = loadDetails;
  useEffect(() => {
    let live = true;
    for (const r of resources) {
      loadRef.current(r.id).then(
        (d) => live && setDetails((m) => new Map(m).set(r.id, d)),
        () => live && setDetails((m) => new Map(m).set(r.id, null)),
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);

  // --- actions ---
  const shift = (dir: 1 | -1) => setFirst((f) => clampFirst(clampFirst(f, count) + dir, count));
  const run = (action: CompareAction) => {
    switch (action.type) {
      case "close":
        onClose();
        break;
      case "fit":
        setZoom(FIT);
        break;
      case "actual":
        setZoom((z) => actualSize(z));
        break;
      case "toggle":
        setZoom((z) => toggleZoom(z, null));
        break;
      case "zoom":
        if (firstGeometry) setZoom((z) => stepZoom(z, firstGeometry, action.dir));
        break;
      case "shift":
        shift(action.dir);
        break;
    }
  };
  const byId = (id: number) => {
    const r = resources.find((x) => x.id === id);
    return r ? geometry(r) : null;
  };
  const latest = useRef<Latest>(null as unknown as Latest);
  latest.current = { zoom, geometry: byId, firstGeometry, paged, run };

  // --- keys: before the page behind; a layer above (a confirmation) has them first ---
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || layerAbove()) return;
      const root = rootRef.current;
      const target = e.target instanceof HTMLElement ? e.target : null;
      // A focused button: Enter and Space press it.
      if ((e.key === "Enter" || e.key === " ") && target?.closest("button")) return;
      if (e.key === "Tab") {
        if (root) {
          e.stopImmediatePropagation();
          cycleTab(e, root);
        }
        return;
      }
      const action = compareKey({ key: e.key, ctrl: e.ctrlKey || e.metaKey, alt: e.altKey, repeat: e.repeat }, latest.current.paged);
      if (action.type === "pass") return;
      e.preventDefault();
      e.stopImmediatePropagation();
      latest.current.run(action);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // --- focus: into the dialog on open (the group gives it back on close) ---
  useEffect(() => {
    rootRef.current?.focus({ preventScroll: true });
  }, []);

  // --- the panes' sizes ---
  const paneEls = useRef(new Map<number, HTMLElement>());
  const measure = () =>
    setPaneSizes((m) => {
      let next: Map<number, Size> | null = null;
      for (const [id, el] of paneEls.current) {
        const size = { width: el.clientWidth, height: el.clientHeight };
        const old = m.get(id);
        if (!old || old.width !== size.width || old.height !== size.height) (next ??= new Map(m)).set(id, size);
      }
      return next ?? m;
    });
  const shownKey = shown.map((r) => r.id).join(",");
  useLayoutEffect(() => {
    measure();
    const els = [...paneEls.current.values()];
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(measure);
      els.forEach((el) => observer.observe(el));
      return () => observer.disconnect();
    }
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [shownKey]);

  // --- wheel: zoom at the pointer, in every pane (native: React's is passive) ---
  useEffect(() => {
    const off: Array<() => void> = [];
    for (const [id, el] of paneEls.current) {
      const onWheel = (e: WheelEvent) => {
        e.preventDefault();
        const g = latest.current.geometry(id);
        if (!g || !e.deltaY) return;
        const rect = el.getBoundingClientRect();
        const point = { x: e.clientX - rect.left, y: e.clientY - rect.top };
        setZoom(wheelZoom(latest.current.zoom, g, point, wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey, g.pane.height)));
      };
      el.addEventListener("wheel", onWheel, { passive: false });
      off.push(() => el.removeEventListener("wheel", onWheel));
    }
    return () => off.forEach((f) => f());
  }, [shownKey]);

  // --- drag: move every picture by the same part of it ---
  const drag = useRef<{ pointer: number; id: number; x: number; y: number; zoom: CompareZoom } | null>(null);
  const onPointerDown = (id: number) => (e: ReactPointerEvent<HTMLDivElement>) => {
    const g = byId(id);
    if (e.button !== 0 || !g || !pannable(zoom, g)) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { pointer: e.pointerId, id, x: e.clientX, y: e.clientY, zoom };
    setDragging(true);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    const g = byId(d.id);
    if (g) setZoom(dragPan(d.zoom, g, e.clientX - d.x, e.clientY - d.y));
  };
  const endDrag = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointer !== e.pointerId) return;
    drag.current = null;
    setDragging(false);
    e.currentTarget.releasePointerCapture?.(e.pointerId);
  };
  const onDoubleClick = (id: number) => (e: ReactMouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    setZoom(toggleZoom(zoom, byId(id), { x: e.clientX - rect.left, y: e.clientY - rect.top }));
  };

  const keepOne = async (id: number) => {
    if (await onKeep(id)) onClose();
  };

  const rows = differences(shown.map((r) => ({ resource: r, details: details.get(r.id) })));
  const noFocus = (e: ReactMouseEvent) => e.preventDefault(); // a click leaves the keys with Compare
  const different = rows.filter((r) => r.differs).length;

  return (
    <div ref={rootRef} className="compare-view" role="dialog" aria-modal="true" aria-label={`Compare ${plural(count, "item")}`} tabIndex={-1} data-testid="compare">
      <div className="compare-bar">
        <span className="compare-title">Compare</span>
        <span className="compare-muted">{plural(count, "item")}</span>
        <span className="compare-muted compare-zoom" data-testid="compare-zoom">
          {zoomText(zoom, firstGeometry)}
        </span>
        <span className="compare-spacer" />
        <span className="compare-hint" aria-hidden="true">
          {COMPARE_KEYS.filter((k) => paged || k.keys[0] !== "←").map((k) => (
            <span key={k.what}>
              {k.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}{" "}
              {k.what}
            </span>
          ))}
        </span>
        <button type="button" className="viewer-btn" aria-pressed={isFit(zoom)} title="Fit (0 or F)" data-testid="compare-fit" onMouseDown={noFocus} onClick={() => setZoom(FIT)}>
          Fit
        </button>
        <button type="button" className="viewer-btn" aria-pressed={isActualSize(zoom)} title="Each at its own pixel size (1)" data-testid="compare-actual" onMouseDown={noFocus} onClick={() => setZoom(actualSize(zoom))}>
          100 %
        </button>
        <button type="button" className="viewer-btn viewer-close" aria-label="Close" title="Close (Esc)" data-testid="compare-close" onMouseDown={noFocus} onClick={onClose}>
          ×
        </button>
      </div>

      {paged && (
        <div className="compare-strip" role="group" aria-label="Items shown">
          <button type="button" className="viewer-btn" aria-label="Earlier items" title="Earlier (←)" disabled={start <= 0} onMouseDown={noFocus} onClick={() => shift(-1)}>
            ‹
          </button>
          {resources.map((r, i) => {
            const on = i >= start && i < start + MAX_PANES;
            return (
              <button
                key={r.id}
                type="button"
                className={`compare-chip${on ? " is-on" : ""}`}
                aria-pressed={on}
                title={r.name}
                data-testid="compare-chip"
                data-id={r.id}
                onMouseDown={noFocus}
                onClick={() => setFirst(firstToShow(i, start, count))}
              >
                <span className="compare-chip-index">{i + 1}</span>
                <span className="compare-chip-name">{r.name}</span>
              </button>
            );
          })}
          <button type="button" className="viewer-btn" aria-label="Later items" title="Later (→)" disabled={start >= count - MAX_PANES} onMouseDown={noFocus} onClick={() => shift(1)}>
            ›
          </button>
        </div>
      )}

      <div className="compare-panes" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}>
        {shown.map((r) => {
          const url = pictureOf(r);
          const g = geometry(r);
          const view = g ? paneView(zoom, g) : null;
          const canDrag = !!g && pannable(zoom, g);
          const ready = !!url && loaded.has(url);
          const box = view && g ? { width: g.image.width * view.scale, height: g.image.height * view.scale, transform: `translate(${view.x}px, ${view.y}px)` } : undefined;
          return (
            <div key={r.id} className={`compare-pane${keep === r.id ? " is-kept" : ""}`} data-testid="compare-pane" data-id={r.id}>
              <div
                ref={(el) => {
                  if (el) paneEls.current.set(r.id, el);
                  else paneEls.current.delete(r.id);
                }}
                className={`compare-stage${canDrag ? " is-pannable" : ""}${dragging ? " is-dragging" : ""}`}
                data-testid="compare-stage"
                onPointerDown={onPointerDown(r.id)}
                onPointerMove={onPointerMove}
                onPointerUp={endDrag}
                onPointerCancel={endDrag}
                onDoubleClick={onDoubleClick(r.id)}
              >
                {url ? (
                  <img
                    key={url}
                    className="compare-img"
                    src={url}
                    alt={r.name}
                    draggable={false}
                    data-testid="compare-image"
                    data-scale={view ? view.scale.toFixed(6) : undefined}
                    style={box ?? { visibility: "hidden" }}
                    onLoad={(e) => {
                      const img = e.currentTarget;
                      if (img.naturalWidth && img.naturalHeight) setLoaded((m) => new Map(m).set(url, { width: img.naturalWidth, height: img.naturalHeight }));
                    }}
                    onError={() => setFailed((s) => new Set(s).add(url))}
                  />
                ) : (
                  <Placeholder contentType={r.content_type} name={r.name} className="compare-placeholder" />
                )}
                {url && !ready && g === null && <div className="viewer-spinner" aria-hidden="true" />}
              </div>
              <div className="compare-foot">
                <div className="compare-foot-text">
                  <div className="compare-name" title={r.original_path || r.name}>
                    {r.name}
                  </div>
                  <div className="compare-muted">{[formatDimensions(r.width, r.height), formatBytes(r.size)].filter(Boolean).join(" · ")}</div>
                </div>
                <button type="button" className="btn btn-primary compare-keep" data-testid="compare-keep" disabled={busy} onClick={() => void keepOne(r.id)} title="Keep this one, move the others of the group to the Trash (Ctrl+Z undoes it)">
                  Keep this one
                </button>
              </div>
            </div>
          );
        })}
      </div>

      <div className="compare-facts" data-testid="compare-differences" role="region" aria-label="Differences">
        <table>
          <caption className="compare-caption">{different === 0 ? "No differences in these facts" : `Differs in ${plural(different, "fact")}`}</caption>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.differs ? "is-different" : undefined} data-testid="compare-fact" data-fact={row.key} data-differs={row.differs ? "true" : "false"}>
                <th scope="row">
                  {row.label}
                  {row.differs && <span className="compare-differs-mark" aria-label="differs"> ≠</span>}
                </th>
                {row.cells.map((cell, i) => (
                  <td key={shown[i].id} title={cell.title}>
                    {cell.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

