import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type DragEvent, type MouseEvent } from "react";
import { plural } from "../format";
import { isDateSort } from "../sorts";
import { appStore, gridMetrics, patchApp, setSelection, tileCache, timelineCache } from "../state/app";
import { clickSelect, dragIds } from "../state/selection";
import { startDrag } from "../api";
import { reportError } from "../actions";
import { anchoredScrollTop, keptIndex } from "../gridAnchor";
import { useStore } from "../state/store";
import { throttle } from "../state/throttle";
import { keyString } from "../state/tileCache";
import { fitDays, headerAbove, plainLayout, rowOfIndex, rowTop, timelineLayout, type GridLayout, type RowSizes } from "../timeline";
import { Tile, TileSkeleton } from "./Tile";
import { TimelineScrubber } from "./TimelineScrubber";
import "./Grid.css";

const GAP = 12;
const PAD = 16;
const NAME_HEIGHT = 26;
/** A timeline group's header row, its space above included. */
const HEADER_HEIGHT = 44;

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** The grid's rows: the timeline's when the shown results are date-sorted,
 * grouped, and their counts have arrived; plain rows otherwise. */
function useLayout(total: number, columns: number): GridLayout {
  useSyncExternalStore(timelineCache.subscribe, timelineCache.getVersion);
  const grouping = useStore(appStore, (s) => s.grouping);
  const key = tileCache.shownKey();
  const days = key && isDateSort(key.sort) && grouping !== "none" ? timelineCache.days(key) : null;
  return useMemo(
    () => (days && grouping !== "none" ? timelineLayout(fitDays(days, total), grouping, columns) : plainLayout(total, columns)),
    [days, grouping, total, columns],
  );
}

export function Grid() {
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const key = tileCache.shownKey();
  const keyId = key ? keyString(key) : "";
  const total = tileCache.total() ?? 0;
  const activeError = tileCache.error();
  const selection = useStore(appStore, (s) => s.selection);
  const query = useStore(appStore, (s) => s.query);
  const selected = useMemo(() => new Set(selection.ids), [selection.ids]);
  /** The smallest width of a tile (Ctrl +/−, the slider in the filter bar). */
  const minTile = useStore(appStore, (s) => s.tileSize);

  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const inner = Math.max(0, width - PAD * 2);
  const columns = Math.max(1, Math.floor((inner + GAP) / (minTile + GAP)));
  const tileSize = Math.max(60, Math.floor((inner - GAP * (columns - 1)) / columns));
  const rowHeight = tileSize + NAME_HEIGHT + GAP;
  const layout = useLayout(total, columns);
  const sizes: RowSizes = { header: HEADER_HEIGHT, tiles: rowHeight, padding: PAD };

  // Keys follow the rows' content, so a new layout (other counts, other
  // columns) is measured afresh.
  const rowKey = useCallback(
    (i: number) => {
      const row = layout.row(i);
      return row.kind === "header" ? `h${row.key}` : `t${row.firstIndex}`;
    },
    [layout],
  );
  const virtualizer = useVirtualizer({
    count: layout.rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (layout.row(i).kind === "header" ? HEADER_HEIGHT : rowHeight),
    getItemKey: rowKey,
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const [firstTile, lastTile] = tilesIn(layout, items.map((i) => i.index));

  // Tell the cache what is on screen; throttled so a fast fling does not ask
  // for every page it passes.
  const range = useRef<[number, number]>([0, -1]);
  range.current = [firstTile, lastTile];
  const pushViewport = useMemo(
    () => throttle(() => tileCache.setViewport(range.current[0], range.current[1]), 80),
    [],
  );
  useEffect(() => pushViewport(), [firstTile, lastTile, keyId, pushViewport]);
  useEffect(() => () => pushViewport.cancel(), [pushViewport]);

  // Geometry for the keyboard.
  const viewportHeight = scrollRef.current?.clientHeight ?? 0;
  gridMetrics.columns = columns;
  gridMetrics.pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight));
  gridMetrics.rows = layout.tileRows;

  // New results start at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [keyId]);

  // Keep the focused item in view when the keyboard moves it; going up into
  // a group, its header comes into view too.
  useEffect(() => {
    const el = scrollRef.current;
    if (selection.focus === null || selection.focus >= total || !el) return;
    const row = rowOfIndex(layout, selection.focus);
    const header = headerAbove(layout, row);
    if (header !== null && rowTop(layout, header, sizes) < el.scrollTop) virtualizer.scrollToIndex(header, { align: "start" });
    else virtualizer.scrollToIndex(row, { align: "auto" });
  }, [selection.focus]);

  // A reflow (the details pane opening, the window or the tiles resized)
  // keeps the selected item where it was on screen, whole.
  const shape = useRef({ layout, sizes, columns, rowHeight });
  useLayoutEffect(() => {
    const before = shape.current;
    const el = scrollRef.current;
    if (!el || (before.columns === columns && before.rowHeight === rowHeight)) return;
    const index = keptIndex(appStore.get().selection, (id) => tileCache.indexOf(id));
    if (index === null || index >= total) return;
    const oldTop = rowTop(before.layout, rowOfIndex(before.layout, index), before.sizes);
    const newTop = rowTop(layout, rowOfIndex(layout, index), sizes);
    const top = anchoredScrollTop(oldTop, newTop, el.scrollTop, el.clientHeight, before.rowHeight, rowHeight);
    if (top !== null && top !== el.scrollTop) el.scrollTop = top;
  }, [columns, rowHeight]);
  // After the one above: the shape the next reflow starts from.
  useLayoutEffect(() => {
    shape.current = { layout, sizes, columns, rowHeight };
  });

  const scrollTo = useCallback((top: number) => scrollRef.current?.scrollTo({ top }), []);

  const onTileClick = useCallback((e: MouseEvent, index: number, id: number) => {
    const sel = appStore.get().selection;
    const next = clickSelect(sel, index, id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }, (i) => tileCache.tileAt(i)?.id);
    setSelection(next, true);
    // The keys now act on the grid (Delete, the marks), not on the search
    // box the person typed in before clicking; tiles themselves take no focus.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) active.blur();
  }, []);
  // As in Lightroom and Photos: a double-click views the item in the
  // window ("Open" in the details hands it to the desktop's app).
  const onTileDoubleClick = useCallback((index: number) => patchApp({ viewerIndex: index }), []);

  // The page's own drag would carry a URL; the desktop's carries the files,
  // under their real names (the shell's `start_drag`).
  const onTileDragStart = useCallback((e: DragEvent, id: number) => {
    e.preventDefault();
    startDrag(dragIds(appStore.get().selection.ids, id)).catch(reportError);
  }, []);

  const onBackgroundClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (target === e.currentTarget || target.classList.contains("grid-row") || target.closest(".grid-header")) {
      setSelection({ ids: [], anchor: null, focus: null });
    }
  };

  const loaded = tileCache.total() !== null;
  let empty: React.ReactNode = null;
  if (!loaded && activeError && !key?.query) empty = <div className="grid-empty error">{activeError}</div>;
  else if (loaded && total === 0)
    empty = query ? (
      <div className="grid-empty">
        <div className="grid-empty-title">No results</div>
        <div>Try fewer words or filters.</div>
      </div>
    ) : (
      <div className="grid-empty">
        <div className="grid-empty-title">Your library is empty</div>
        <div>Drop files or folders onto this window, or use Import.</div>
      </div>
    );

  return (
    <div className="grid-wrap">
      <div
        ref={scrollRef}
        className={`grid-scroll${activeError && tileCache.activeKey() !== key ? " is-stale" : ""}`}
        role="grid"
        data-columns={columns}
        aria-rowcount={layout.rowCount}
        aria-multiselectable="true"
        onClick={onBackgroundClick}
      >
        {empty}
        <div className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = layout.row(item.index);
            if (row.kind === "header") {
              return (
                <div
                  key={item.key}
                  className="grid-header"
                  role="row"
                  data-testid="timeline-header"
                  style={{ transform: `translateY(${item.start}px)`, height: HEADER_HEIGHT, left: PAD, right: PAD }}
                >
                  <span className="grid-header-label" role="rowheader">
                    {row.label}
                  </span>
                  <span className="grid-header-count">{plural(row.count, "item")}</span>
                </div>
              );
            }
            const cells = [];
            for (let index = row.firstIndex; index < row.firstIndex + row.count; index++) {
              const tile = tileCache.tileAt(index);
              cells.push(
                tile ? (
                  <Tile
                    key={tile.id}
                    index={index}
                    tile={tile}
                    selected={selected.has(tile.id)}
                    focused={selection.focus === index}
                    onClick={onTileClick}
                    onDoubleClick={onTileDoubleClick}
                    onDragStart={onTileDragStart}
                  />
                ) : (
                  <TileSkeleton key={`p${index}`} />
                ),
              );
            }
            return (
              <div
                key={item.key}
                className="grid-row"
                role="row"
                style={{
                  transform: `translateY(${item.start}px)`,
                  height: tileSize + NAME_HEIGHT,
                  gridTemplateColumns: `repeat(${columns}, ${tileSize}px)`,
                  left: PAD,
                  right: PAD,
                }}
              >
                {cells}
              </div>
            );
          })}
        </div>
      </div>
      {layout.months.length > 0 && (
        <TimelineScrubber
          layout={layout}
          sizes={sizes}
          scrollTop={virtualizer.scrollOffset ?? 0}
          viewportHeight={viewportHeight}
          onScroll={scrollTo}
        />
      )}
    </div>
  );
}

/** The first and last item of the rows of tiles among `rows`. */
function tilesIn(layout: GridLayout, rows: number[]): [number, number] {
  let first = -1;
  let last = -1;
  for (const i of rows) {
    const row = layout.row(i);
    if (row.kind !== "tiles") continue;
    if (first < 0) first = row.firstIndex;
    last = row.firstIndex + row.count - 1;
  }
  return first < 0 ? [0, -1] : [first, last];
}
