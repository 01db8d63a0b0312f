import { useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from "react";
import { layoutHeight, monthPositions, rowTop, type GridLayout, type RowSizes } from "../timeline";
import "./TimelineScrubber.css";

/** Closer than this (px) to a month's mark, a click lands on the month's start. */
const SNAP = 8;
/** Year labels closer than this (px) to the one above are left out. */
const YEAR_SPACING = 18;
const TICK_SPACING = 3;

type Props = {
  layout: GridLayout;
  sizes: RowSizes;
  scrollTop: number;
  viewportHeight: number;
  /** Scrolls the grid to this offset. */
  onScroll: (top: number) => void;
};

/** The strip at the grid's right edge when it is a timeline: its years and
 * months marked where they are in the list; hovering says which month is
 * there, a click or a drag takes the grid there. */
export function TimelineScrubber({ layout, sizes, scrollTop, viewportHeight, onScroll }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const marks = useMemo(() => monthPositions(layout, sizes), [layout, sizes.header, sizes.tiles, sizes.padding]);
  const total = layoutHeight(layout, sizes);
  const [hover, setHover] = useState<{ y: number; label: string } | null>(null);
  const dragging = useRef(false);
  // Another list: what the pointer pointed at is gone.
  useEffect(() => setHover(null), [marks]);

  // Which labels and ticks fit: thinned out from the top so they never crowd.
  const { years, ticks } = useMemo(() => {
    const years: Array<{ key: string; label: string; top: number }> = [];
    const ticks: Array<{ key: string; top: number }> = [];
    let lastYear = "";
    let lastLabel = -Infinity;
    let lastTick = -Infinity;
    for (const m of marks) {
      const top = m.position * height;
      const year = m.month.slice(0, 4);
      if (year !== lastYear) {
        lastYear = year;
        if (top - lastLabel >= YEAR_SPACING) {
          // Centred on its mark, but never cut off at the top.
          years.push({ key: year, label: year, top: Math.max(top, YEAR_SPACING / 2 - 2) });
          lastLabel = top;
          continue;
        }
      }
      if (top - lastTick >= TICK_SPACING) {
        ticks.push({ key: m.month, top });
        lastTick = top;
      }
    }
    return { years, ticks };
  }, [marks, height]);

  /** The month at the pointer (the last one starting above it) and where the grid should go. */
  const at = (clientY: number) => {
    const el = ref.current!;
    const h = el.clientHeight || 1;
    const y = Math.max(0, Math.min(h, clientY - el.getBoundingClientRect().top));
    const fraction = y / h;
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (marks[mid].position <= fraction) lo = mid;
      else hi = mid - 1;
    }
    const month = marks[lo];
    const next = marks[lo + 1];
    const snapTo = next && (next.position - fraction) * h <= SNAP ? next : (fraction - month.position) * h <= SNAP ? month : null;
    const top = snapTo ? (snapTo.row === 0 ? 0 : rowTop(layout, snapTo.row, sizes)) : fraction * total;
    return { y, label: (snapTo ?? month).label, top };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || marks.length === 0) return;
    e.preventDefault();
    dragging.current = true;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const where = at(e.clientY);
    setHover(where);
    onScroll(where.top);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (marks.length === 0) return;
    const where = at(e.clientY);
    setHover(where);
    if (dragging.current) onScroll(where.top);
  };
  const stop = () => {
    dragging.current = false;
  };

  const thumbTop = total > 0 ? (scrollTop / total) * 100 : 0;
  const thumbHeight = total > 0 ? Math.min(100, (viewportHeight / total) * 100) : 100;

  return (
    <div
      ref={ref}
      className="timeline-scrubber"
      data-testid="timeline-scrubber"
      aria-hidden="true"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      onPointerLeave={() => {
        if (!dragging.current) setHover(null);
      }}
    >
      <div className="timeline-scrubber-thumb" style={{ top: `${thumbTop}%`, height: `${thumbHeight}%` }} />
      {ticks.map((t) => (
        <span key={t.key} className="timeline-scrubber-tick" style={{ top: t.top }} />
      ))}
      {years.map((y) => (
        <span key={y.key} className="timeline-scrubber-year" data-testid="timeline-scrubber-year" style={{ top: y.top }}>
          {y.label}
        </span>
      ))}
      {hover && (
        <div className="timeline-scrubber-hover" data-testid="timeline-scrubber-label" style={{ top: hover.y }}>
          {hover.label}
        </div>
      )}
    </div>
  );
}
