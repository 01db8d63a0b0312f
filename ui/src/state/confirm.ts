// The app's own confirm dialog (window.confirm is not used): `await ask({...})`.
import { createStore } from "./store";

export type ConfirmRequest = {
  title: string;
  message?: string;
  confirmLabel?: string;
  danger?: boolean;
};

type Pending = ConfirmRequest & { resolve: (yes: boolean) => void };

export const confirmStore = createStore<Pending | null>(null);

export function ask(request: ConfirmRequest): Promise<boolean> {
  // A second request replaces the first, which counts as cancelled.
  confirmStore.get()?.resolve(false);
  return new Promise((resolve) => confirmStore.set({ ...request, resolve }));
}

export function answer(yes: boolean) {
  const pending = confirmStore.get();
  if (!pending) return;
  confirmStore.set(null);
  pending.resolve(yes);
}
