// Actions several components offer, with their confirmations and toasts.
import * as api from "./api";
import { errorMessage } from "./api";
import { plural } from "./format";
import { importMessage, scanMessage } from "./import";
import type { ImportSummary, PickKind, ReconcileReport } from "./bindings";
import { appStore, changedLocally, refreshGroups, refreshTags, setSelection } from "./state/app";
import { ask } from "./state/confirm";
import { withoutIds } from "./state/selection";
import { toastError, toastInfo, showToast } from "./state/toasts";

export function reportError(e: unknown) {
  toastError(errorMessage(e));
}

export async function deleteWithConfirm(ids: number[]) {
  if (ids.length === 0) return;
  const yes = await ask({
    title: ids.length === 1 ? "Delete this item?" : `Delete ${plural(ids.length, "item")}?`,
    message: "They are removed from the library. This cannot be undone.",
    confirmLabel: "Delete",
    danger: true,
  });
  if (!yes) return;
  try {
    const n = await api.deleteResources(ids);
    toastInfo(`Deleted ${plural(n, "item")}`);
    setSelection(withoutIds(appStore.get().selection, ids));
    changedLocally();
  } catch (e) {
    reportError(e);
  }
}

export function showImportSummary(summary: ImportSummary) {
  const m = importMessage(summary);
  showToast(m.ok ? "success" : "error", m.text, m.details);
}

export function showFolderScanned(report: ReconcileReport) {
  const m = scanMessage(report);
  showToast(m.ok ? "success" : "error", m.text, m.details);
}

export async function importWithPicker(kind: PickKind) {
  try {
    const summary = await api.pickImport(kind);
    if (!summary) return; // cancelled
    showImportSummary(summary);
    changedLocally();
  } catch (e) {
    reportError(e);
  }
}

export async function addTagsTo(ids: number[], tag: string): Promise<boolean> {
  const name = tag.trim();
  if (!name || ids.length === 0) return false;
  try {
    await api.addTags(ids, [name]);
    if (ids.length > 1) toastInfo(`Tagged ${plural(ids.length, "item")} “${name}”`);
    changedLocally();
    refreshTags().catch(() => {});
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

export async function addToGroupWithToast(groupId: number, groupName: string, ids: number[]) {
  try {
    const n = await api.addToGroup(groupId, ids);
    toastInfo(`Added ${plural(n, "item")} to “${groupName}”`);
    changedLocally();
    refreshGroups().catch(() => {});
  } catch (e) {
    reportError(e);
  }
}

export async function createGroupWith(name: string, ids: number[]) {
  const trimmed = name.trim();
  if (!trimmed) return;
  try {
    const group = await api.createGroup(trimmed, "");
    if (ids.length > 0) await api.addToGroup(group.id, ids);
    toastInfo(`Created group “${group.name}”${ids.length ? ` with ${plural(ids.length, "item")}` : ""}`);
    changedLocally();
    refreshGroups().catch(() => {});
  } catch (e) {
    reportError(e);
  }
}
