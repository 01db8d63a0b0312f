import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import { importWithPicker } from "../actions";
import { formatCount, plural } from "../format";
import { appStore, patchApp, type View } from "../state/app";
import { openExport } from "../state/exportItems";
import { useStore } from "../state/store";
import { trashStore } from "../state/trash";
import { GroupingSelect, SearchBox, SearchHelpButton, SortSelect } from "./SearchBar";
import { SettingsMenu } from "./SettingsMenu";
import { usePopup } from "./usePopup";
import "./TopBar.css";

const TABS: Array<{ view: View; label: string }> = [
  { view: "library", label: "Library" },
  { view: "duplicates", label: "Duplicates" },
  { view: "notes", label: "Notes" },
  { view: "groups", label: "Groups" },
  { view: "folders", label: "Folders" },
  { view: "trash", label: "Trash" },
];

/** Each tab's mark: all a narrow window shows of it (its name is its title). */
const TAB_ICONS: Record<View, ReactNode> = {
  library: (
    <>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="5" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
      <rect x="9" y="9" width="5" height="5" rx="1" />
    </>
  ),
  duplicates: (
    <>
      <rect x="2" y="4.5" width="8" height="9" rx="1.2" />
      <path d="M6 2.5h6.8c.7 0 1.2.5 1.2 1.2V11" />
    </>
  ),
  notes: (
    <>
      <path d="M3.5 2h6l3 3v9h-9z" />
      <path d="M5.5 8h5M5.5 11h4" />
    </>
  ),
  groups: (
    <>
      <path d="M8 2 14 5 8 8 2 5z" />
      <path d="M2 8l6 3 6-3M2 11l6 3 6-3" />
    </>
  ),
  folders: <path d="M2 4.2c0-.7.5-1.2 1.2-1.2h3l1.5 1.7h5.1c.7 0 1.2.5 1.2 1.2v6.9c0 .7-.5 1.2-1.2 1.2H3.2c-.7 0-1.2-.5-1.2-1.2z" />,
  trash: (
    <>
      <path d="M2.5 4.5h11M6 4.5V2.8h4v1.7" />
      <path d="M4 4.5l.7 9h6.6l.7-9" />
    </>
  ),
};

export function TopBar({ root }: { root: string }) {
  const view = useStore(appStore, (s) => s.view);
  const trashed = useStore(trashStore, (s) => s.items?.length ?? 0);
  // The search and its sort act on the Library only: elsewhere they are not shown.
  const searching = view === "library";
  return (
    <header className="topbar">
      <div className="brand" title={root}>
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Mahresources</span>
      </div>
      <nav className="tabs" role="tablist" aria-label="Views">
        {TABS.map((t) => (
          <button
            key={t.view}
            type="button"
            role="tab"
            aria-selected={view === t.view}
            aria-label={t.label}
            className={`tab${view === t.view ? " is-active" : ""}`}
            data-testid={`tab-${t.view}`}
            title={t.view === "trash" && trashed > 0 ? `${plural(trashed, "item")} in the Trash` : t.label}
            onClick={() => patchApp({ view: t.view })}
          >
            <svg className="tab-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              {TAB_ICONS[t.view]}
            </svg>
            <span className="tab-label">{t.label}</span>
            {t.view === "trash" && trashed > 0 && (
              <span className="tab-count" data-testid="trash-count">
                {formatCount(trashed)}
              </span>
            )}
          </button>
        ))}
      </nav>
      {searching && (
        <div className="topbar-search" data-testid="topbar-search">
          <SearchBox />
          <SearchHelpButton />
          <SortSelect />
          <GroupingSelect />
        </div>
      )}
      <div className="topbar-actions">
        <ImportMenu />
        <SettingsMenu />
      </div>
    </header>
  );
}

/** "Import ▾": the ways in, and the way out (the bar has no room for another button). */
function ImportMenu() {
  const { open, setOpen, containerRef, buttonRef, onBlur } = usePopup();
  const popupRef = useRef<HTMLDivElement>(null);
  /** Opened from the keyboard: the focus goes onto the first entry. */
  const byKeyboard = useRef(false);
  useEffect(() => {
    if (open && byKeyboard.current) popupRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  const pick = (kind: "files" | "folder") => {
    setOpen(false);
    importWithPicker(kind);
  };
  const exportItems = () => {
    setOpen(false);
    // The dialog gives the focus back to the menu's button.
    openExport(buttonRef.current);
  };
  // The arrow keys move between the entries, round from the last to the first.
  const onMenuKey = (e: ReactKeyboardEvent) => {
    const items = [...(popupRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to =
      e.key === "ArrowDown" ? (at + 1) % items.length : e.key === "ArrowUp" ? (at <= 0 ? items.length - 1 : at - 1) : e.key === "Home" ? 0 : e.key === "End" ? items.length - 1 : null;
    if (to === null || items.length === 0) return;
    e.preventDefault();
    items[to].focus();
  };
  return (
    <div className="menu" ref={containerRef} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-primary"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="import-button"
        onClick={(e) => {
          byKeyboard.current = e.detail === 0;
          setOpen(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            byKeyboard.current = true;
            setOpen(true);
          }
        }}
      >
        Import <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div ref={popupRef} className="menu-popup" role="menu" aria-label="Import and export" onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" className="menu-item" data-testid="import-files" onClick={() => pick("files")}>
            Files…
          </button>
          <button type="button" role="menuitem" className="menu-item" data-testid="import-folder" onClick={() => pick("folder")}>
            Folder…
          </button>
          <div className="menu-hint">Copies the files into the library. To keep files where they are, add a watched folder under Folders.</div>
          <div className="menu-separator" role="separator" />
          <button type="button" role="menuitem" className="menu-item" data-testid="import-menu-export" onClick={exportItems}>
            Export…
          </button>
        </div>
      )}
    </div>
  );
}
