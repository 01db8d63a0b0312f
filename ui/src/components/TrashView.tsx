import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { deleteForGood, emptyTrashWithConfirm, restoreItems } from "../actions";
import type { Tile } from "../bindings";
import { formatAge, formatDate, plural } from "../format";
import { dialogOpen, isEditable } from "../shortcuts";
import { clickSelect, emptySelection, moveFocus, type Selection } from "../state/selection";
import { loadSettings, settingsStore } from "../state/settings";
import { useStore } from "../state/store";
import { refreshTrash, trashStore } from "../state/trash";
import { Thumb } from "./Thumb";
import "./TrashView.css";

/** Rows shown at first, and added by "Show more": a Trash of thousands
 * should not lay out thousands of thumbnails at once. */
const SHOW_STEP = 200;
const DAY_MS = 86_400_000;

/** "Items are deleted for good after 30 days", from the library's setting. */
export function trashPolicy(days: number): string {
  return days === 0 ? "Items stay until you empty the Trash." : `Items are deleted for good after ${plural(days, "day")}.`;
}

/** "Deleted 3 days ago", and when it goes for good by itself, if it does. */
function whenText(trashedAt: number, days: number, now: number): string {
  const deleted = `Deleted ${formatAge(now - trashedAt)}`;
  if (days === 0) return deleted;
  const left = Math.ceil((trashedAt + days * DAY_MS - now) / DAY_MS);
  return `${deleted} · ${left <= 1 ? "goes for good within a day" : `goes for good in ${left} days`}`;
}

/** The Trash: what was deleted, to restore or to delete for good. Its own
 * selection (click, Ctrl/Shift+click, Ctrl+A, the arrow keys), apart from
 * the grid's. */
export function TrashView() {
  const { items, error } = useStore(trashStore, (s) => s);
  const settings = useStore(settingsStore, (s) => s);
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [shown, setShown] = useState(SHOW_STEP);
  const listRef = useRef<HTMLDivElement>(null);
  const list = useMemo(() => items ?? [], [items]);
  const now = Date.now();

  useEffect(() => {
    // Afresh each time it opens; and the setting, for the line saying when items go by themselves.
    refreshTrash().catch(() => {});
    loadSettings().catch(() => {});
  }, []);

  // Items restored or deleted (here, by undo, by the hourly emptying) leave the selection.
  useEffect(() => {
    const there = new Set(list.map((t) => t.id));
    setSelection((s) => (s.ids.every((id) => there.has(id)) ? s : { ids: s.ids.filter((id) => there.has(id)), anchor: null, focus: null }));
  }, [list]);

  const selected = useMemo(() => new Set(selection.ids), [selection.ids]);
  const selectedTiles = list.filter((t) => selected.has(t.id));
  const idAt = (i: number) => list[i]?.id;

  const restore = async () => {
    if (await restoreItems(selectedTiles.map((t) => t.id))) setSelection(emptySelection);
  };
  const remove = async () => {
    if (await deleteForGood(selectedTiles)) setSelection(emptySelection);
  };
  const empty = async () => {
    if (await emptyTrashWithConfirm(list)) setSelection(emptySelection);
  };

  // The keys, while the Trash shows and nothing else has them.
  const keys = useRef({ list, selection, remove });
  keys.current = { list, selection, remove };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isEditable(e.target)) return;
      if (dialogOpen()) return;
      const { list, selection, remove } = keys.current;
      const ctrl = e.ctrlKey || e.metaKey;
      if (ctrl && e.key.toLowerCase() === "a") {
        e.preventDefault();
        setSelection({ ids: list.map((t) => t.id), anchor: 0, focus: selection.focus ?? 0 });
      } else if (e.key === "Escape" && selection.ids.length > 0) {
        setSelection(emptySelection);
      } else if ((e.key === "Delete" || e.key === "Backspace") && selection.ids.length > 0) {
        e.preventDefault();
        remove();
      } else if (!ctrl && ["ArrowUp", "ArrowDown", "Home", "End"].includes(e.key) && list.length > 0) {
        e.preventDefault();
        const at = selection.focus;
        const last = list.length - 1;
        const to = e.key === "Home" ? 0 : e.key === "End" ? last : at === null ? 0 : Math.max(0, Math.min(last, at + (e.key === "ArrowUp" ? -1 : 1)));
        setSelection(moveFocus(selection, to, e.shiftKey, (i) => list[i]?.id));
        listRef.current?.querySelector<HTMLElement>(`[data-index="${to}"]`)?.scrollIntoView?.({ block: "nearest" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onRowClick = (e: MouseEvent, index: number, id: number) => {
    setSelection((s) => clickSelect(s, index, id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }, idAt));
    listRef.current?.focus();
  };

  const watchedCount = list.filter((t) => t.in_watched_folder).length;

  return (
    <div className="view trash" data-testid="trash-view">
      <div className="view-toolbar">
        <h2 className="view-title">Trash</h2>
        {settings && (
          <span className="muted small" data-testid="trash-policy">
            {trashPolicy(settings.trash_days)}
          </span>
        )}
        <span className="spacer" />
        {selection.ids.length > 0 && (
          <span className="muted small" data-testid="trash-selected">
            {plural(selection.ids.length, "item")} selected
          </span>
        )}
        <button type="button" className="btn" data-testid="trash-restore" disabled={selectedTiles.length === 0} title="Put back where it was, with its tags" onClick={restore}>
          Restore
        </button>
        <button type="button" className="btn btn-danger-quiet" data-testid="trash-delete" disabled={selectedTiles.length === 0} onClick={remove}>
          Delete for good…
        </button>
        <button type="button" className="btn btn-danger" data-testid="trash-empty" disabled={list.length === 0} onClick={empty}>
          Empty Trash…
        </button>
      </div>
      <div className="view-scroll">
        {error && items === null && <div className="error-text pad">{error}</div>}
        {items && items.length === 0 && (
          <div className="empty-state" data-testid="trash-empty-state">
            <div className="grid-empty-title">The Trash is empty</div>
            <div>Deleted items wait here until they are deleted for good; Ctrl+Z brings back what you just deleted.</div>
          </div>
        )}
        {list.length > 0 && (
          <>
            {watchedCount > 0 && (
              <p className="trash-hint muted small">
                Files of watched folders stay in their folders while they are here; deleting them for good moves them to your desktop's Trash.
              </p>
            )}
            <div
              ref={listRef}
              className="trash-list"
              role="listbox"
              aria-label="Items in the Trash"
              aria-multiselectable="true"
              tabIndex={0}
              data-testid="trash-list"
              onClick={(e) => e.target === e.currentTarget && setSelection(emptySelection)}
            >
              {list.slice(0, shown).map((t, index) => (
                <TrashRow key={t.id} tile={t} index={index} selected={selected.has(t.id)} focused={selection.focus === index} days={settings?.trash_days ?? 0} now={now} onClick={onRowClick} />
              ))}
            </div>
            {list.length > shown && (
              <div className="pad">
                <button type="button" className="btn" onClick={() => setShown(shown + SHOW_STEP)}>
                  Show more ({list.length - shown} left)
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}

type RowProps = {
  tile: Tile;
  index: number;
  selected: boolean;
  focused: boolean;
  days: number;
  now: number;
  onClick: (e: MouseEvent, index: number, id: number) => void;
};

function TrashRow({ tile, index, selected, focused, days, now, onClick }: RowProps) {
  return (
    <div
      className={`trash-row${selected ? " is-selected" : ""}${focused ? " is-focused" : ""}`}
      role="option"
      aria-selected={selected}
      data-testid="trash-row"
      data-id={tile.id}
      data-index={index}
      onClick={(e) => onClick(e, index, tile.id)}
    >
      <div className="trash-thumb">
        <Thumb id={tile.id} rev={tile.content_rev} has={tile.has_thumbnail} contentType={tile.content_type} name={tile.name} />
      </div>
      <div className="trash-info">
        <div className="trash-name" title={tile.name}>
          {tile.name}
        </div>
        <div className="trash-when" title={tile.trashed_at !== null ? `Deleted ${formatDate(tile.trashed_at)}` : undefined}>
          {tile.trashed_at !== null ? whenText(tile.trashed_at, days, now) : "Deleted"}
        </div>
      </div>
      {tile.in_watched_folder && (
        <span className="trash-watched" data-testid="trash-watched" title="Its file stays in its watched folder while it is here. Deleting it for good moves the file to your desktop's Trash.">
          In a watched folder
        </span>
      )}
    </div>
  );
}
