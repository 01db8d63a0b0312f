// Short messages in the corner: results and errors. Never alert().
import { createStore } from "./store";

/** A button in the toast, e.g. "Undo" after a move to the Trash. */
export type ToastAction = { label: string; onClick: () => void };

export type Toast = {
  id: number;
  kind: "info" | "success" | "error";
  text: string;
  /** Extra lines, e.g. the files that failed and why. */
  details?: string[];
  action?: ToastAction;
};

export const toastStore = createStore<Toast[]>([]);

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismissToast(id: number) {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  toastStore.set((list) => list.filter((t) => t.id !== id));
}

export function showToast(kind: Toast["kind"], text: string, details?: string[], action?: ToastAction): number {
  const id = nextId++;
  toastStore.set((list) => [...list.slice(-4), { id, kind, text, details, action }]);
  // Longer when there is more to read, or a button to reach.
  const ms = kind === "error" || (details && details.length > 0) || action ? 9000 : 4500;
  timers.set(
    id,
    setTimeout(() => dismissToast(id), ms),
  );
  return id;
}

export const toastInfo = (text: string, details?: string[], action?: ToastAction) => showToast("success", text, details, action);
export const toastError = (text: string, details?: string[]) => showToast("error", text, details);
