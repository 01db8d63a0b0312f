import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from "react";
import { deleteAlbum, renameAlbum, updateAlbumSearch } from "../actions";
import type { Album, AlbumCount } from "../bindings";
import { formatCount, plural } from "../format";
import { albumsStore, openAlbum, openAllItems, showsAlbum } from "../state/albums";
import { activityStore, appStore } from "../state/app";
import { useStore } from "../state/store";
import { BUILT_IN_SORTS } from "../sorts";
import { usePopup } from "./usePopup";
import "./Sidebar.css";

/** How a row shows its album: the search in force is its own ("active"),
 * was opened from it and changed since ("modified"), or neither. */
type RowState = "active" | "modified" | null;

/** The Library's left column: the whole library, then the smart albums by
 * name, each with what its search finds now. */
export function Sidebar() {
  const list = useStore(albumsStore, (s) => s.list);
  const error = useStore(albumsStore, (s) => s.error);
  const activeId = useStore(albumsStore, (s) => s.activeId);
  const text = useStore(appStore, (s) => s.searchText);
  const sort = useStore(appStore, (s) => s.sort);
  // The items a person sees, as the progress snapshot counts them.
  const total = useStore(activityStore, (a) => (a.known ? a.resourceCount : null));
  const active = list?.find((a) => a.album.id === activeId)?.album ?? null;
  const activeShown = active !== null && showsAlbum(active, text, sort);
  const allShown = !text.trim() && !activeShown;
  const stateOf = (album: Album): RowState => {
    if (album.id !== activeId) return null;
    if (activeShown) return "active";
    // An emptied box is the whole library, not a change to the album's search.
    return text.trim() ? "modified" : null;
  };

  return (
    <nav className="sidebar" aria-label="Albums" data-testid="sidebar">
      <button
        type="button"
        className={`sidebar-row sidebar-all${allShown ? " is-active" : ""}`}
        aria-current={allShown ? "true" : undefined}
        data-testid="all-items"
        onClick={openAllItems}
      >
        <span className="sidebar-name">All items</span>
        <span className="sidebar-count" data-testid="all-items-count">
          {total === null ? "" : formatCount(total)}
        </span>
      </button>
      <h2 className="sidebar-heading">Albums</h2>
      {list && list.length > 0 && (
        <ul className="sidebar-list">
          {list.map((entry) => (
            <AlbumRow key={entry.album.id} entry={entry} state={stateOf(entry.album)} />
          ))}
        </ul>
      )}
      {list && list.length === 0 && <p className="sidebar-hint">Search, then “Save as album…” keeps the search here, its count kept up to date.</p>}
      {!list && error && <p className="sidebar-hint error-text">{error}</p>}
    </nav>
  );
}

/** The sort's name as the sort menu shows it. */
function useSortLabel(sort: string): string {
  const offered = useStore(appStore, (s) => s.searchHelp.sorts);
  return [...offered, ...BUILT_IN_SORTS].find((s) => s.sort === sort)?.label ?? sort;
}

function AlbumRow({ entry, state }: { entry: AlbumCount; state: RowState }) {
  const { album, count, problem } = entry;
  const [renaming, setRenaming] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const menu = useRowMenu();
  const sortLabel = useSortLabel(album.sort);
  const about = `${album.query || "The whole library"} · ${sortLabel}${count === null ? "" : ` · ${plural(count, "item")}`}`;
  // Back onto the row after Enter or Escape, as a renamed file in a file manager.
  const refocus = useRef(false);
  useEffect(() => {
    if (!renaming && refocus.current) openRef.current?.focus();
    refocus.current = false;
  }, [renaming]);
  const doneRenaming = (thenFocus: boolean) => {
    refocus.current = thenFocus;
    setRenaming(false);
  };

  return (
    <li
      className={`album-row${state ? ` is-${state}` : ""}`}
      data-testid="album-row"
      data-album-name={album.name}
      data-state={state ?? undefined}
      onContextMenu={(e) => !renaming && menu.openAt(e)}
    >
      {renaming ? (
        <RenameInput album={album} onDone={doneRenaming} />
      ) : (
        <button
          ref={openRef}
          type="button"
          className={`sidebar-row album-open${state === "active" ? " is-active" : ""}`}
          aria-current={state === "active" ? "true" : undefined}
          title={about}
          data-testid="album-open"
          onClick={() => openAlbum(album)}
        >
          <span className="sidebar-name">{album.name}</span>
          {state === "modified" && (
            <span className="album-modified" title="The search has changed since this album was opened: “Update to current search” keeps the change" aria-label="search changed">
              •
            </span>
          )}
          {problem !== null ? (
            <span className="album-problem" role="img" title={problem} aria-label={`Its search no longer runs: ${problem}`} data-testid="album-problem">
              ⚠
            </span>
          ) : (
            <span className="sidebar-count" data-testid="album-count">
              {count === null ? "" : formatCount(count)}
            </span>
          )}
        </button>
      )}
      <AlbumMenu album={album} menu={menu} onRename={() => setRenaming(true)} />
    </li>
  );
}

/** Where the row's menu shows: under its "…" button, or at the pointer for a right click. */
type MenuAt = { left: number; top: number };

/** The row's menu, opened from its "…" button or by a right click on the row.
 * Fixed to the window, so the sidebar's scrolling never clips it. */
function useRowMenu() {
  const popup = usePopup();
  const [at, setAt] = useState<MenuAt>({ left: 0, top: 0 });
  /** Opened from the keyboard: the focus goes onto the first entry. */
  const byKeyboard = useRef(false);
  const place = (left: number, top: number) => setAt({ left: Math.max(4, Math.min(left, window.innerWidth - 216)), top });
  return {
    ...popup,
    at,
    byKeyboard,
    toggleFromButton(e: ReactMouseEvent<HTMLButtonElement>) {
      byKeyboard.current = e.detail === 0;
      const r = e.currentTarget.getBoundingClientRect();
      place(r.left, r.bottom + 4);
      popup.setOpen(!popup.open);
    },
    openAt(e: ReactMouseEvent) {
      e.preventDefault();
      // The context-menu key (or Shift+F10) has no pointer: under the row, the focus in the menu.
      const fromKeys = e.clientX === 0 && e.clientY === 0;
      const r = e.currentTarget.getBoundingClientRect();
      byKeyboard.current = fromKeys;
      place(fromKeys ? r.left + 12 : e.clientX, fromKeys ? r.bottom : e.clientY);
      popup.setOpen(true);
    },
  };
}

function AlbumMenu({ album, menu, onRename }: { album: Album; menu: ReturnType<typeof useRowMenu>; onRename: () => void }) {
  const { open, setOpen, containerRef, buttonRef, onBlur, at, byKeyboard } = menu;
  const text = useStore(appStore, (s) => s.searchText);
  const sort = useStore(appStore, (s) => s.sort);
  const popupRef = useRef<HTMLDivElement>(null);
  const current = showsAlbum(album, text, sort);
  useEffect(() => {
    if (open && byKeyboard.current) popupRef.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
  }, [open, byKeyboard]);
  const pick = (then: () => void) => () => {
    setOpen(false);
    then();
  };
  return (
    <div className="menu album-menu" ref={containerRef} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-btn small album-more"
        aria-label={`More for album ${album.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title="Rename, update or delete"
        data-testid="album-more"
        onClick={menu.toggleFromButton}
      >
        …
      </button>
      {open && (
        <div
          ref={popupRef}
          className="menu-popup album-menu-popup"
          role="menu"
          aria-label={`Album ${album.name}`}
          style={{ position: "fixed", left: at.left, top: at.top, right: "auto" }}
          onKeyDown={moveAmongItems}
        >
          <button type="button" role="menuitem" className="menu-item" data-testid="album-rename" onClick={pick(onRename)}>
            Rename…
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid="album-update"
            disabled={current}
            title={current ? "The search shown is this album's already" : "Point the album at the search shown now"}
            onClick={pick(() => void updateAlbumSearch(album, text.trim(), sort))}
          >
            Update to current search
          </button>
          <div className="menu-separator" role="separator" />
          <button type="button" role="menuitem" className="menu-item album-delete" data-testid="album-delete" onClick={pick(() => void deleteAlbum(album))}>
            Delete
          </button>
        </div>
      )}
    </div>
  );
}

/** The arrow keys move between a menu's entries, round from the last to the first. */
function moveAmongItems(e: ReactKeyboardEvent<HTMLElement>) {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  const to =
    e.key === "ArrowDown" ? (at + 1) % items.length : e.key === "ArrowUp" ? (at <= 0 ? items.length - 1 : at - 1) : e.key === "Home" ? 0 : e.key === "End" ? items.length - 1 : null;
  if (to === null || items.length === 0) return;
  e.preventDefault();
  items[to].focus();
}

/** Renames in place: Enter renames, Escape (or leaving the field) keeps the name. */
function RenameInput({ album, onDone }: { album: Album; onDone: (refocus: boolean) => void }) {
  const [name, setName] = useState(album.name);
  const busy = useRef(false);
  /** Ended by a key: the blur as the field goes is no second ending. */
  const ended = useRef(false);
  const end = (refocus: boolean) => {
    if (ended.current) return;
    ended.current = true;
    onDone(refocus);
  };
  return (
    <input
      type="text"
      className="input album-rename"
      aria-label={`New name for album ${album.name}`}
      data-testid="album-rename-input"
      value={name}
      autoFocus
      spellCheck={false}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setName(e.target.value)}
      onBlur={() => !busy.current && end(false)}
      onKeyDown={async (e) => {
        if (e.key === "Escape") {
          // Not the app's Escape (which would clear the selection).
          e.preventDefault();
          end(true);
        } else if (e.key === "Enter") {
          e.preventDefault();
          if (busy.current || !name.trim()) return;
          busy.current = true;
          // A refused name (another album's) stays to be corrected; the toast says why.
          const ok = await renameAlbum(album, name);
          busy.current = false;
          if (ok) end(true);
        }
      }}
    />
  );
}
