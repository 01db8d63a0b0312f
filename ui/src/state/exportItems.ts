// "Export…": the dialog's state and what its buttons do. The export runs from
// here, not from the dialog's effects, so it starts once per click; closing
// the dialog only stops listening (the shell's export carries on to its end,
// and its answer is then ignored).
import * as api from "../api";
import { errorMessage } from "../api";
import type { CommandError, ExportLayout, ExportProgress, ExportReport } from "../bindings";
import type { ExportScope } from "../exporting";
import { appStore, tileCache } from "./app";
import { createStore } from "./store";

export type ExportPhase =
  | { kind: "choose" }
  | { kind: "exporting"; progress: ExportProgress | null }
  | { kind: "done"; report: ExportReport }
  | { kind: "failed"; message: string; detail: string | null };

export type ExportState = {
  /** Which export this is: answers for an earlier one are ignored. */
  run: number;
  phase: ExportPhase;
  /** The search the grid showed when the dialog opened; "" for none. */
  query: string;
  /** The grid's sort then: its counts are the cached listing's totals. */
  sort: string;
  scope: ExportScope;
  layout: ExportLayout;
  /** How many items there are in all, while a search is on (the grid
   * counts only the search's); null until known. */
  allTotal: number | null;
  /** Where the focus goes back to when the dialog closes. */
  returnFocus: HTMLElement | null;
};

export const exportStore = createStore<ExportState | null>(null);

let runs = 0;
/** The layout chosen last, offered again at the next opening. */
let lastLayout: ExportLayout = "flat";

export function openExport(returnFocus: HTMLElement | null = null) {
  if (exportStore.get()) return;
  const { query, sort } = appStore.get();
  const run = ++runs;
  exportStore.set({
    run,
    phase: { kind: "choose" },
    query,
    sort,
    scope: query ? "search" : "all",
    layout: lastLayout,
    allTotal: null,
    returnFocus,
  });
  if (query) {
    // The grid has the search's count; every item's may be cached from before.
    const cached = tileCache.total({ query: "", sort });
    if (cached !== null) patch(run, (s) => ({ ...s, allTotal: cached }));
    else
      api.listTiles({ query: "", sort, offset: 0, limit: 1 }).then(
        (page) => patch(run, (s) => ({ ...s, allTotal: page.total })),
        () => {},
      );
  }
}

export function closeExport() {
  const state = exportStore.get();
  if (!state) return;
  // An export under way finishes on its own; its answer shows nowhere.
  runs++;
  exportStore.set(null);
  if (state.returnFocus?.isConnected) state.returnFocus.focus();
}

function patch(run: number, f: (s: ExportState) => ExportState) {
  exportStore.set((s) => (s && s.run === run ? f(s) : s));
}

export function setExportScope(scope: ExportScope) {
  exportStore.set((s) => (s && s.phase.kind === "choose" ? { ...s, scope } : s));
}

export function setExportLayout(layout: ExportLayout) {
  lastLayout = layout;
  exportStore.set((s) => (s && s.phase.kind === "choose" ? { ...s, layout } : s));
}

/** Asks the shell for a folder and exports into it; a cancelled picker
 * brings back the dialog's choices as they were. */
export async function startExport() {
  const state = exportStore.get();
  if (!state || state.phase.kind === "exporting") return;
  const run = ++runs;
  const query = state.scope === "search" ? state.query : "";
  exportStore.set({ ...state, run, phase: { kind: "exporting", progress: null } });
  try {
    const report = await api.exportItems(query, state.layout);
    patch(run, (s) => ({ ...s, phase: report ? { kind: "done", report } : { kind: "choose" } }));
  } catch (e) {
    const detail = e && typeof e === "object" && "detail" in e ? ((e as CommandError).detail ?? null) : null;
    patch(run, (s) => ({ ...s, phase: { kind: "failed", message: errorMessage(e), detail } }));
  }
}

/** Back to the choices, after an export that could not run. */
export function backToChoices() {
  exportStore.set((s) => (s && s.phase.kind === "failed" ? { ...s, phase: { kind: "choose" } } : s));
}

/** An "export-progress" event: shown while an export is on screen. */
export function exportProgressed(progress: ExportProgress) {
  exportStore.set((s) => (s && s.phase.kind === "exporting" ? { ...s, phase: { ...s.phase, progress } } : s));
}
