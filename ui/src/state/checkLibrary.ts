// "Check library…": the dialog's state and what its buttons do. The check
// runs from here, not from the dialog's effects, so it starts once per
// opening; closing the dialog only stops listening (the engine's check may
// finish in the background, and its answer is then ignored).
import * as api from "../api";
import { errorMessage } from "../api";
import type { CommandError, VerifyProblem, VerifyProgress, VerifyReport } from "../bindings";
import { isWatchedProblem } from "../verify";
import { appStore, changedLocally, setSelection } from "./app";
import { ask } from "./confirm";
import { withoutIds } from "./selection";
import { createStore } from "./store";
import { refreshTrash } from "./trash";

export type CheckPhase =
  | { kind: "checking"; repair: boolean; progress: VerifyProgress | null; startedAt: number }
  | { kind: "done"; report: VerifyReport }
  | { kind: "failed"; repair: boolean; message: string; detail: string | null };

/** What the person did about a problem from its row. */
export type ProblemOutcome = "restored" | "marked_missing" | "removed";

export type ProblemRow = { busy: boolean; error: string | null; outcome: ProblemOutcome | null };

export type CheckState = {
  /** Which opening and check this is: answers for an earlier one are ignored. */
  run: number;
  phase: CheckPhase;
  /** By resource id: the engine checks each item once. */
  rows: Record<number, ProblemRow>;
  /** Where the focus goes back to when the dialog closes. */
  returnFocus: HTMLElement | null;
};

export const checkStore = createStore<CheckState | null>(null);

let runs = 0;

export function openCheckLibrary(returnFocus: HTMLElement | null = null) {
  if (checkStore.get()) return;
  checkStore.set({ run: 0, phase: { kind: "checking", repair: false, progress: null, startedAt: Date.now() }, rows: {}, returnFocus });
  void runCheck(false);
}

export function closeCheckLibrary() {
  const state = checkStore.get();
  if (!state) return;
  checkStore.set(null);
  // The gear's panel that held the entry is gone: back onto the gear.
  if (state.returnFocus?.isConnected) state.returnFocus.focus();
}

function patch(run: number, f: (s: CheckState) => CheckState) {
  checkStore.set((s) => (s && s.run === run ? f(s) : s));
}

/** Checks the library (with `repair`, repairs what it can) and shows the report. */
export async function runCheck(repair: boolean) {
  const run = ++runs;
  checkStore.set((s) => s && { ...s, run, rows: {}, phase: { kind: "checking", repair, progress: null, startedAt: Date.now() } });
  try {
    const report = await api.verifyLibrary(repair);
    patch(run, (s) => ({ ...s, phase: { kind: "done", report } }));
    // Restored copies get their pictures back.
    if (repair && checkStore.get()?.run === run) changedLocally();
  } catch (e) {
    const detail = e && typeof e === "object" && "detail" in e ? ((e as CommandError).detail ?? null) : null;
    patch(run, (s) => ({ ...s, phase: { kind: "failed", repair, message: errorMessage(e), detail } }));
  }
}

/** A "verify-progress" event: shown while a check is on screen. */
export function verifyProgressed(progress: VerifyProgress) {
  checkStore.set((s) => (s && s.phase.kind === "checking" ? { ...s, phase: { ...s.phase, progress } } : s));
}

const NO_ROW: ProblemRow = { busy: false, error: null, outcome: null };

function setRow(run: number, id: number, row: Partial<ProblemRow>) {
  patch(run, (s) => ({ ...s, rows: { ...s.rows, [id]: { ...(s.rows[id] ?? NO_ROW), ...row } } }));
}

/** Runs one row's action, showing it busy, then its outcome or its error. */
async function act(p: VerifyProblem, action: () => Promise<ProblemOutcome | null>) {
  const state = checkStore.get();
  if (!state || state.rows[p.resource_id]?.busy) return;
  const run = state.run;
  setRow(run, p.resource_id, { busy: true, error: null });
  try {
    const outcome = await action();
    setRow(run, p.resource_id, { busy: false, ...(outcome ? { outcome } : {}) });
    if (outcome) changedLocally();
  } catch (e) {
    setRow(run, p.resource_id, { busy: false, error: errorMessage(e) });
  }
}

/** The person picks a backup of the file; the engine restores the copy
 * only if it has the recorded bytes. */
export const restoreFromFile = (p: VerifyProblem) => act(p, async () => ((await api.restoreCopy(p.resource_id)) ? "restored" : null));

export const markProblemMissing = (p: VerifyProblem) =>
  act(p, async () => {
    await api.markMissing([p.resource_id]);
    return "marked_missing";
  });

/** What removing the item says it does, in plain words. */
export function removeMessage(p: VerifyProblem): string {
  const lines = ["The item goes to the Trash with its tags and notes; Restore in the Trash puts it back."];
  if (p.kind === "changed") lines.push("The file on disk stays in its watched folder.");
  else if (isWatchedProblem(p)) lines.push("The file on disk, if it is there, stays in its watched folder.");
  return lines.join("\n");
}

export const removeProblemItem = (p: VerifyProblem) =>
  act(p, async () => {
    const yes = await ask({ title: `Remove “${p.name}” from the library?`, message: removeMessage(p), confirmLabel: "Remove", danger: true });
    if (!yes) return null;
    await api.trashItems([p.resource_id]);
    setSelection(withoutIds(appStore.get().selection, [p.resource_id]));
    refreshTrash().catch(() => {});
    return "removed";
  });
