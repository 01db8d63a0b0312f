// The library's own settings, as the settings panel shows them. A change
// shows at once and is sent to the engine; if the engine refuses, that
// setting goes back and a toast says why.
import * as api from "../api";
import { errorMessage } from "../api";
import type { LibrarySettings } from "../bindings";
import { appStore, changedLocally } from "./app";
import { createStore } from "./store";
import { toastError } from "./toasts";

/** What the panel shows; null until the engine has answered once. */
export const settingsStore = createStore<LibrarySettings | null>(null);

/** What the engine last said is in force. */
let inForce: LibrarySettings | null = null;
/** Changes are sent one after another: commands run concurrently, and two
 * in flight could land in either order. */
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** Reads the settings in force (the command line may have changed them). */
export async function loadSettings() {
  const settings = await api.settings();
  // A change on its way is newer than this answer.
  if (waiting === 0) settingsStore.set(settings);
  engineSaid(settings);
}

export function changeSetting<K extends keyof LibrarySettings>(key: K, value: LibrarySettings[K]): Promise<void> {
  const before = settingsStore.get();
  if (!before || before[key] === value) return Promise.resolve();
  settingsStore.set({ ...before, [key]: value });
  waiting++;
  const done = queue.then(async () => {
    try {
      // The panel's values when its turn comes: later changes ride along.
      const answer = await api.setSettings(settingsStore.get()!);
      if (waiting === 1) settingsStore.set(answer);
      engineSaid(answer);
    } catch (e) {
      // Only this setting goes back, and only if nothing changed it since.
      settingsStore.set((now) => (now && now[key] === value ? { ...now, [key]: before[key] } : now));
      toastError(`The setting could not be changed: ${errorMessage(e)}`);
    } finally {
      waiting--;
    }
  });
  queue = done;
  return done;
}

function engineSaid(settings: LibrarySettings) {
  const pairsChanged = inForce !== null && inForce.raw_jpeg_pairs !== settings.raw_jpeg_pairs;
  inForce = settings;
  if (pairsChanged) showOtherItems();
}

/** Pairs shown as one item or as two: the grid, the timeline, the search and
 * the duplicates list other items now. */
function showOtherItems() {
  // Positions in the old listing mean nothing in the new one.
  appStore.set((s) => ({ ...s, selection: { ...s.selection, anchor: null, focus: null } }));
  changedLocally();
}
