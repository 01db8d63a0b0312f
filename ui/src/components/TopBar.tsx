import { useEffect, useRef, useState } from "react";
import { importWithPicker } from "../actions";
import { appStore, patchApp, type View } from "../state/app";
import { useStore } from "../state/store";
import { GroupingSelect, SearchBox, SearchHelpButton, SortSelect } from "./SearchBar";
import { SettingsMenu } from "./SettingsMenu";
import "./TopBar.css";

const TABS: Array<{ view: View; label: string }> = [
  { view: "library", label: "Library" },
  { view: "duplicates", label: "Duplicates" },
  { view: "notes", label: "Notes" },
  { view: "groups", label: "Groups" },
  { view: "folders", label: "Folders" },
];

export function TopBar({ root }: { root: string }) {
  const view = useStore(appStore, (s) => s.view);
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
            onClick={() => patchApp({ view: t.view })}
          >
            {t.label}
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

function ImportMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        setOpen(false);
      }
    };
    window.addEventListener("mousedown", close);
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("mousedown", close);
      window.removeEventListener("keydown", onKey, true);
    };
  }, [open]);
  const pick = (kind: "files" | "folder") => {
    setOpen(false);
    importWithPicker(kind);
  };
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn btn-primary" aria-haspopup="menu" aria-expanded={open} data-testid="import-button" onClick={() => setOpen(!open)}>
        Import <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu-popup" role="menu">
          <button type="button" role="menuitem" className="menu-item" data-testid="import-files" onClick={() => pick("files")}>
            Files…
          </button>
          <button type="button" role="menuitem" className="menu-item" data-testid="import-folder" onClick={() => pick("folder")}>
            Folder…
          </button>
          <div className="menu-hint">Copies the files into the library. To keep files where they are, add a watched folder under Folders.</div>
        </div>
      )}
    </div>
  );
}
