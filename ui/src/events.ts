// Wires the backend's events into the stores: progress snapshots, finished
// drop imports, a library check's and an export's progress, and drag-and-drop over the window.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useEffect } from "react";
import * as api from "./api";
import { showFolderScanned, showImportSummary } from "./actions";
import type { ExportProgress, ImportSummary, Progress, ReconcileReport, VerifyProgress, WalkProgress } from "./bindings";
import {
  activityStore,
  appStore,
  applyProgress,
  patchApp,
  refreshTags,
  tileCache,
  timelineCache,
  walkEnded,
  walkProgressed,
} from "./state/app";
import { verifyProgressed } from "./state/checkLibrary";
import { exportProgressed } from "./state/exportItems";
import { throttle } from "./state/throttle";
import { MENU_EVENT, runMenuCommand } from "./menu";

/** At most 4 grid refreshes a second however often progress arrives. */
const REFRESH_MS = 250;
/** The timeline's counts are one query over every item: refreshed once a second at most. */
const TIMELINE_REFRESH_MS = 1000;
/** A slow poll in case an event is missed (e.g. the one saying work ended). */
const POLL_MS = 5000;

export function useBackendEvents() {
  useEffect(() => {
    const unlisteners: Array<Promise<UnlistenFn>> = [];
    let disposed = false;

    const refreshTiles = throttle(() => tileCache.invalidate(), REFRESH_MS);
    const refreshTimeline = throttle(() => timelineCache.invalidate(), TIMELINE_REFRESH_MS);
    const refresh = () => {
      refreshTiles();
      refreshTimeline();
    };
    let dataVersion = activityStore.get().dataVersion;
    const unsubscribe = activityStore.subscribe(() => {
      const v = activityStore.get().dataVersion;
      if (v !== dataVersion) {
        // The first snapshot only sets the baseline: the grid has just loaded.
        const first = dataVersion === 0;
        dataVersion = v;
        if (!first) refresh();
      }
    });

    const poll = () =>
      api.progress().then(
        (p) => !disposed && applyProgress(p),
        () => {},
      );
    poll();
    const timer = setInterval(poll, POLL_MS);

    const guard = <T>(p: Promise<T>) => {
      p.catch((e) => console.warn("event wiring failed:", e));
      return p;
    };

    unlisteners.push(guard(listen<Progress>("progress", (e) => applyProgress(e.payload))));
    unlisteners.push(
      guard(
        listen<ImportSummary>("import-finished", (e) => {
          showImportSummary(e.payload);
          refresh();
          // The activity panel should count the new work now, not at the
          // next snapshot.
          poll();
          refreshTags().catch(() => {});
        }),
      ),
    );
    unlisteners.push(
      guard(
        listen<ReconcileReport>("folder-scanned", (e) => {
          walkEnded(e.payload.folder_id);
          showFolderScanned(e.payload);
          refresh();
        }),
      ),
    );
    unlisteners.push(
      guard(
        listen<WalkProgress>("folder-walking", (e) => {
          walkProgressed(e.payload);
          refresh();
        }),
      ),
    );
    unlisteners.push(
      guard(
        listen<string>(MENU_EVENT, (e) => {
          if (!runMenuCommand(e.payload)) console.warn(`unknown menu entry ${e.payload}`);
        }),
      ),
    );
    unlisteners.push(guard(listen<VerifyProgress>("verify-progress", (e) => verifyProgressed(e.payload))));
    unlisteners.push(guard(listen<ExportProgress>("export-progress", (e) => exportProgressed(e.payload))));
    try {
      unlisteners.push(
        guard(
          getCurrentWebview().onDragDropEvent((e) => {
            const type = e.payload.type;
            const dropping = type === "enter" || type === "over";
            if (appStore.get().dropping !== dropping) patchApp({ dropping });
          }),
        ),
      );
    } catch (e) {
      console.warn("drag and drop unavailable:", e);
    }

    return () => {
      disposed = true;
      clearInterval(timer);
      refreshTiles.cancel();
      refreshTimeline.cancel();
      unsubscribe();
      for (const u of unlisteners) u.then((f) => f()).catch(() => {});
    };
  }, []);
}
