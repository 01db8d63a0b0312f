import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from "react";
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

export function TopBar({ root }: { root: string }) {
  const view = useStore(appStore, (s) => s.view);
  const trashed = useStore(trashStore, (s) => s.items?.length ?? 0);
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
            className={`tab${view === t.view ? " is-active" : ""}`}
            data-testid={`tab-${t.view}`}
            title={t.view === "trash" && trashed > 0 ? `${plural(trashed, "item")} in the Trash` : undefined}
            onClick={() => patchApp({ view: t.view })}
          >
            {t.label}
            {t.view === "trash" && trashed > 0 && (
              <span className="tab-count" data-testid="trash-count">
                {formatCount(trashed)}
              </span>
            )}
          </button>
        ))}
      </nav>
      <SearchBox />
      <SearchHelpButton />
      <SortSelect />
      <GroupingSelect />
      <ImportMenu />
      <SettingsMenu />
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
