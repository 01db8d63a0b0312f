import { useEffect, useRef } from "react";
import { COMPARE_KEYS } from "../compare";
import { SHORTCUTS } from "../keyboard";
import { MENU_SHORTCUTS } from "../menu";
import { shortcutsOpenStore } from "../state/shortcutsHelp";
import { useStore } from "../state/store";
import { VIEWER_KEYS } from "../viewer";
import { useModalKeys } from "./useModalKeys";
import "./ShortcutsOverlay.css";

type Key = { keys: string | readonly string[]; what: string };

const sections = (): ReadonlyArray<{ title: string; keys: ReadonlyArray<Key> }> => [
  { title: "Library", keys: SHORTCUTS },
  { title: "Menus", keys: MENU_SHORTCUTS },
  { title: "Viewer", keys: VIEWER_KEYS },
  { title: "Compare (Duplicates)", keys: COMPARE_KEYS },
];

/** Every key the app knows, by where it works. Esc, "?" or a click outside closes it. */
export function ShortcutsOverlay() {
  const open = useStore(shortcutsOpenStore, (o) => o);
  const close = () => shortcutsOpenStore.set(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  useModalKeys(open, close);
  useEffect(() => {
    if (!open) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    // "?" again closes it, as it opened it.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        e.stopImmediatePropagation();
        shortcutsOpenStore.set(false);
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      returnTo?.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <div className="shortcuts-backdrop" onClick={(e) => e.target === e.currentTarget && close()}>
      <div className="shortcuts-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts-overlay">
        <header className="shortcuts-head">
          <h2>Keyboard shortcuts</h2>
          <button ref={closeButton} type="button" className="icon-btn" aria-label="Close" data-testid="shortcuts-close" onClick={close}>
            ✕
          </button>
        </header>
        <div className="shortcuts-sections" data-testid="shortcut-list">
          {sections().map((section) => (
            <section key={section.title} className="shortcuts-section">
              <h3>{section.title}</h3>
              <dl>
                {section.keys.map((k) => {
                  const keys = typeof k.keys === "string" ? [k.keys] : k.keys;
                  return (
                    <div key={`${keys.join(" ")}-${k.what}`} className="shortcuts-row">
                      <dt>
                        {keys.map((key) => (
                          <kbd key={key}>{key}</kbd>
                        ))}
                      </dt>
                      <dd>{k.what}</dd>
                    </div>
                  );
                })}
              </dl>
            </section>
          ))}
        </div>
        <p className="shortcuts-foot muted">In a text field, the field has the keys; Esc leaves it.</p>
      </div>
    </div>
  );
}
