import { useEffect, useState } from "react";
import * as api from "./api";
import { errorMessage } from "./api";
import type { LibraryInfo } from "./bindings";
import { ActivityBar } from "./components/ActivityPanel";
import { CheckLibraryDialog } from "./components/CheckLibraryDialog";
import { ConfirmDialog } from "./components/ConfirmDialog";
import { ExportDialog } from "./components/ExportDialog";
import { DetailsPane } from "./components/DetailsPane";
import { DropOverlay } from "./components/DropOverlay";
import { DuplicatesView } from "./components/DuplicatesView";
import { ErrorScreen } from "./components/ErrorScreen";
import { FoldersView } from "./components/FoldersView";
import { Grid } from "./components/Grid";
import { GroupsView } from "./components/GroupsView";
import { NotesView } from "./components/NotesView";
import { EntityStrip, FilterBar } from "./components/SearchBar";
import { ShortcutsOverlay } from "./components/ShortcutsOverlay";
import { Sidebar } from "./components/Sidebar";
import { Toasts } from "./components/Toasts";
import { TopBar } from "./components/TopBar";
import { ViewerHost } from "./components/ViewerHost";
import { TrashView } from "./components/TrashView";
import { useBackendEvents } from "./events";
import { useShortcuts } from "./shortcuts";
import { queryWords } from "./query";
import { isDateSort } from "./sorts";
import { knownSort } from "./state/prefs";
import { appStore, patchApp, tileCache, timelineCache, watchVanishing } from "./state/app";
import { useAlbumsSync } from "./state/albums";
import { useTrashSync } from "./state/trash";
import { useStore } from "./state/store";

type Boot =
  | { state: "loading" }
  | { state: "ready"; info: LibraryInfo }
  | { state: "error"; title: string; message: string; detail?: string | null; root?: string; retry?: boolean };

function booted(info: LibraryInfo): Boot {
  // A sort remembered from an earlier run that the engine no longer offers gives way.
  patchApp({ searchHelp: info.search_help, sort: knownSort(appStore.get().sort, info.search_help.sorts) });
  const e = info.open_error;
  return e
    ? { state: "error", title: "The library could not be opened", message: e.message, detail: e.detail, root: info.root, retry: e.kind === "locked" }
    : { state: "ready", info };
}

export default function App() {
  const [boot, setBoot] = useState<Boot>({ state: "loading" });
  useEffect(() => {
    api.libraryInfo().then(
      (info) => setBoot(booted(info)),
      (e) => setBoot({ state: "error", title: "Mahresources could not start", message: errorMessage(e) }),
    );
  }, []);
  if (boot.state === "loading") return <div className="boot" aria-busy="true" />;
  if (boot.state === "error") {
    // Another process owned the library: once it lets go, Retry opens it.
    const retry = boot.retry
      ? () =>
          api.retryOpen().then(
            (info) => setBoot(booted(info)),
            (e) => setBoot({ ...boot, message: errorMessage(e) }),
          )
      : undefined;
    return <ErrorScreen title={boot.title} message={boot.message} detail={boot.detail} root={boot.root} onRetry={retry} />;
  }
  return <Workspace root={boot.info.root} />;
}

function Workspace({ root }: { root: string }) {
  const view = useStore(appStore, (s) => s.view);
  const detailsOpen = useStore(appStore, (s) => s.detailsOpen);
  const hasSelection = useStore(appStore, (s) => s.selection.ids.length > 0);
  useBackendEvents();
  useShortcuts();
  useQuerySync();
  useTrashSync();
  useAlbumsSync();
  // Items deleted elsewhere (another window, the command line) leave the selection.
  useEffect(() => watchVanishing(), []);

  return (
    <div className="app">
      <TopBar root={root} />
      {view === "library" && <FilterBar />}
      <div className="main">
        {view === "library" && <Sidebar />}
        {view === "library" && (
          <main className="view library" aria-label="Library">
            <EntityStrip />
            <Grid />
          </main>
        )}
        {view === "duplicates" && <DuplicatesView />}
        {view === "notes" && <NotesView />}
        {view === "groups" && <GroupsView />}
        {view === "folders" && <FoldersView />}
        {view === "trash" && <TrashView />}
        {view === "library" && detailsOpen && hasSelection && <DetailsPane />}
      </div>
      <ActivityBar />
      <DropOverlay />
      {/* Before the confirmation, which opens over it (Remove from library). */}
      <CheckLibraryDialog />
      <ExportDialog />
      {/* Under the dialogs: a confirmation opens over the viewer. */}
      <ViewerHost />
      <ShortcutsOverlay />
      <ConfirmDialog />
      <Toasts />
    </div>
  );
}

/** The search box's text → query string (debounced as you type) → the tile
 * cache's active key, and the timeline's when the grid groups by date. */
function useQuerySync() {
  const text = useStore(appStore, (s) => s.searchText);
  const query = useStore(appStore, (s) => s.query);
  const sort = useStore(appStore, (s) => s.sort);
  const grouping = useStore(appStore, (s) => s.grouping);
  useEffect(() => {
    const t = setTimeout(() => {
      const query = text.trim();
      patchApp({ query, queryText: queryWords(query) });
    }, 120);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    // Before the tiles, so the counts are on their way with the first page.
    timelineCache.setActive(isDateSort(sort) && grouping !== "none" ? { query, sort } : null);
    if (tileCache.setActive({ query, sort })) {
      // Positions in the old list mean nothing in the new one.
      appStore.set((s) => ({ ...s, selection: { ...s.selection, anchor: null, focus: null } }));
    }
  }, [query, sort, grouping]);
}
