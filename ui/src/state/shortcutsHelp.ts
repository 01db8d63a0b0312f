import { createStore } from "./store";

/** Whether the keyboard shortcuts overlay is shown: "?" and Help → Keyboard Shortcuts. */
export const shortcutsOpenStore = createStore(false);
