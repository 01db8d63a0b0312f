import { appStore } from "../state/app";
import { useStore } from "../state/store";
import "./DropOverlay.css";

/** Shown while files are dragged over the window; the backend imports what is dropped. */
export function DropOverlay() {
  const dropping = useStore(appStore, (s) => s.dropping);
  if (!dropping) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-live="assertive">
      <div className="drop-card">
        <div className="drop-icon" aria-hidden="true">
          ⤓
        </div>
        <div className="drop-title">Drop to import</div>
        <div className="drop-hint">Files and folders are copied into the library</div>
      </div>
    </div>
  );
}
