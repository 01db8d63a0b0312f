import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type MouseEvent } from "react";
import * as api from "../api";
import { reportError } from "../actions";
import { appStore, gridMetrics, setSelection, tileCache } from "../state/app";
import { clickSelect } from "../state/selection";
import { useStore } from "../state/store";
import { throttle } from "../state/throttle";
import { keyString } from "../state/tileCache";
import { Tile, TileSkeleton } from "./Tile";
import "./Grid.css";

const MIN_TILE = 152;
const GAP = 12;
const PAD = 16;
const NAME_HEIGHT = 26;

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

export function Grid() {
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const key = tileCache.shownKey();
  const keyId = key ? keyString(key) : "";
  const total = tileCache.total() ?? 0;
  const activeError = tileCache.error();
  const selection = useStore(appStore, (s) => s.selection);
  const query = useStore(appStore, (s) => s.query);
  const selected = useMemo(() => new Set(selection.ids), [selection.ids]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const inner = Math.max(0, width - PAD * 2);
  const columns = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE + GAP)));
  const tileSize = Math.max(60, Math.floor((inner - GAP * (columns - 1)) / columns));
  const rowHeight = tileSize + NAME_HEIGHT + GAP;
  const rows = Math.ceil(total / columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstRow = items.length ? items[0].index : 0;
  const lastRow = items.length ? items[items.length - 1].index : -1;

  // Tell the cache what is on screen; throttled so a fast fling does not ask
  // for every page it passes.
  const range = useRef<[number, number]>([0, -1]);
  range.current = [firstRow * columns, (lastRow + 1) * columns - 1];
  const pushViewport = useMemo(
    () => throttle(() => tileCache.setViewport(range.current[0], range.current[1]), 80),
    [],
  );
  useEffect(() => pushViewport(), [firstRow, lastRow, columns, keyId, pushViewport]);
  useEffect(() => () => pushViewport.cancel(), [pushViewport]);

  // Geometry for the keyboard.
  const viewportHeight = scrollRef.current?.clientHeight ?? 0;
  gridMetrics.columns = columns;
  gridMetrics.pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight));

  // New results start at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [keyId]);

  // Keep the focused item in view when the keyboard moves it.
  useEffect(() => {
    if (selection.focus === null || selection.focus >= total) return;
    virtualizer.scrollToIndex(Math.floor(selection.focus / columns), { align: "auto" });
  }, [selection.focus]);

  const onTileClick = useCallback((e: MouseEvent, index: number, id: number) => {
    const sel = appStore.get().selection;
    const next = clickSelect(sel, index, id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }, (i) => tileCache.tileAt(i)?.id);
    setSelection(next, true);
  }, []);
  const onTileDoubleClick = useCallback((id: number) => {
    api.openResource(id).catch(reportError);
  }, []);

  const onBackgroundClick = (e: MouseEvent) => {
    if (e.target === e.currentTarget || (e.target as HTMLElement).classList.contains("grid-row")) {
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
    <div
      ref={scrollRef}
      className={`grid-scroll${activeError && tileCache.activeKey() !== key ? " is-stale" : ""}`}
      role="grid"
      aria-rowcount={rows}
      aria-multiselectable="true"
      onClick={onBackgroundClick}
    >
      {empty}
      <div className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((row) => {
          const cells = [];
          for (let c = 0; c < columns; c++) {
            const index = row.index * columns + c;
            if (index >= total) break;
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
                />
              ) : (
                <TileSkeleton key={`p${index}`} />
              ),
            );
          }
          return (
            <div
              key={row.key}
              className="grid-row"
              role="row"
              style={{
                transform: `translateY(${row.start}px)`,
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
  );
}
