import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api";
import type { LibrarySettings, SidecarMode } from "../bindings";
import { openCheckLibrary } from "../state/checkLibrary";
import { changeSetting, loadSettings, settingsStore } from "../state/settings";
import { useStore } from "../state/store";
import { usePopup } from "./usePopup";
import "./SettingsMenu.css";

/** The settings that are switched on or off. */
type Switch = { [K in keyof LibrarySettings]: LibrarySettings[K] extends boolean ? K : never }[keyof LibrarySettings];
type Choice = { key: Switch; label: string; hint: string; testid: string };

const CHOICES: Choice[] = [
  {
    key: "keywords_as_tags",
    label: "Turn keywords in files into tags",
    hint: "When files arrive; files already in the library keep the tags they have.",
    testid: "setting-keywords-as-tags",
  },
  {
    key: "raw_jpeg_pairs",
    label: "Show RAW+JPEG as one item",
    hint: "A raw file and the JPEG of the same shot, the raw attached to the JPEG.",
    testid: "setting-raw-jpeg-pairs",
  },
  {
    key: "verify_copies",
    label: "Verify copies when importing",
    hint: "Each copy is read back from the disk and compared with its original before the import says it is done. Slower; for camera cards and disks you do not trust.",
    testid: "setting-verify-copies",
  },
];

const SIDECAR_MODES: { mode: SidecarMode; label: string; hint: string }[] = [
  { mode: "off", label: "Off", hint: "Ignore sidecars." },
  { mode: "read", label: "Read", hint: "Read keywords, ratings and descriptions from sidecars." },
  {
    mode: "read-write",
    label: "Read and write",
    hint: "Also write tags and descriptions of watched files to their sidecars, for Lightroom, digiKam and darktable.",
  },
];

/** How long the Trash keeps items before they go for good; 0 keeps them until emptied. */
const TRASH_DAYS = [7, 30, 90, 0];

const trashDaysLabel = (days: number) => (days === 0 ? "Never" : days === 1 ? "After 1 day" : `After ${days} days`);

/** The choices, with a number set elsewhere (the command line) among them as it is. */
function trashDayChoices(current: number): number[] {
  if (TRASH_DAYS.includes(current)) return TRASH_DAYS;
  return [...TRASH_DAYS.filter((d) => d !== 0), current].sort((a, b) => a - b).concat(0);
}

/** The gear in the top bar: the library's settings, applied as they are changed. */
export function SettingsMenu() {
  const { open, setOpen, containerRef, buttonRef, onBlur } = usePopup();
  const [error, setError] = useState<string | null>(null);
  const settings = useStore(settingsStore, (s) => s);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // Read afresh each time: the command line can change them too.
    setError(null);
    loadSettings().catch((e) => setError(errorMessage(e)));
  }, [open]);

  const loaded = settings !== null;
  useEffect(() => {
    // Into the panel, on its first setting once there is one to change.
    if (open) (panelRef.current?.querySelector<HTMLElement>("input:not(:disabled)") ?? panelRef.current)?.focus();
  }, [open, loaded]);

  return (
    <div className="settings-menu" ref={containerRef} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="btn settings-toggle"
        aria-label="Library settings"
        aria-haspopup="dialog"
        aria-expanded={open}
        title="Library settings"
        data-testid="settings-button"
        onClick={() => setOpen(!open)}
      >
        <GearIcon />
      </button>
      {open && (
        <div ref={panelRef} className="settings-panel" role="dialog" aria-labelledby="settings-title" tabIndex={-1} data-testid="settings-panel">
          <h2 id="settings-title" className="settings-title">
            Library settings
          </h2>
          {!settings && !error && <p className="settings-message muted">Loading…</p>}
          {!settings && error && <p className="settings-message error-text">The settings could not be read: {error}</p>}
          {settings &&
            CHOICES.map((c) => (
              <label key={c.key} className="setting">
                <input
                  type="checkbox"
                  className="setting-check"
                  data-testid={c.testid}
                  checked={settings[c.key]}
                  onChange={(e) => changeSetting(c.key, e.target.checked)}
                />
                <span className="setting-text">
                  <span className="setting-label">{c.label}</span>
                  <span className="setting-hint muted">{c.hint}</span>
                </span>
              </label>
            ))}
          {settings && (
            // One group of radio buttons: Tab reaches the chosen one, the arrow keys move between them.
            <div
              className="setting-group"
              role="radiogroup"
              aria-labelledby="setting-sidecars-label"
              aria-describedby="setting-sidecars-hint"
              data-testid="setting-sidecars"
            >
              <div className="setting-group-head">
                <span id="setting-sidecars-label" className="setting-label">
                  XMP sidecars
                </span>
                <span id="setting-sidecars-hint" className="setting-hint muted">
                  The .xmp files beside photos that Lightroom, digiKam and darktable write. They belong to their photo, never items of their own.
                </span>
              </div>
              {SIDECAR_MODES.map((m) => (
                <label key={m.mode} className="setting">
                  <input
                    type="radio"
                    className="setting-check"
                    name="setting-sidecars"
                    value={m.mode}
                    data-testid={`setting-sidecars-${m.mode}`}
                    checked={settings.sidecars === m.mode}
                    onChange={() => changeSetting("sidecars", m.mode)}
                  />
                  <span className="setting-text">
                    <span className="setting-label">{m.label}</span>
                    <span className="setting-hint muted">{m.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          {settings && (
            <div
              className="setting-group"
              role="radiogroup"
              aria-labelledby="setting-trash-days-label"
              aria-describedby="setting-trash-days-hint"
              data-testid="setting-trash-days"
            >
              <div className="setting-group-head">
                <span id="setting-trash-days-label" className="setting-label">
                  Empty the Trash automatically
                </span>
                <span id="setting-trash-days-hint" className="setting-hint muted">
                  Items in the Trash longer than this are deleted for good. Files of watched folders then go to your desktop's Trash.
                </span>
              </div>
              {trashDayChoices(settings.trash_days).map((days) => (
                <label key={days} className="setting">
                  <input
                    type="radio"
                    className="setting-check"
                    name="setting-trash-days"
                    value={days}
                    data-testid={`setting-trash-days-${days}`}
                    checked={settings.trash_days === days}
                    onChange={() => changeSetting("trash_days", days)}
                  />
                  <span className="setting-text">
                    <span className="setting-label">{trashDaysLabel(days)}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          <div className="settings-tools">
            <button
              type="button"
              className="btn settings-tool"
              data-testid="check-library"
              onClick={() => {
                setOpen(false);
                openCheckLibrary(buttonRef.current);
              }}
            >
              Check library…
            </button>
            <span className="setting-hint muted">Reads every file again and compares it with what was recorded at import.</span>
          </div>
        </div>
      )}
    </div>
  );
}

function GearIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <path
        d="M14.52 6.97 L14.52 9.03 L12.84 9.24 L12.30 10.55 L13.34 11.88 L11.88 13.34 L10.55 12.30 L9.24 12.84 L9.03 14.52 L6.97 14.52 L6.76 12.84 L5.45 12.30 L4.12 13.34 L2.66 11.88 L3.70 10.55 L3.16 9.24 L1.48 9.03 L1.48 6.97 L3.16 6.76 L3.70 5.45 L2.66 4.12 L4.12 2.66 L5.45 3.70 L6.76 3.16 L6.97 1.48 L9.03 1.48 L9.24 3.16 L10.55 3.70 L11.88 2.66 L13.34 4.12 L12.30 5.45 L12.84 6.76Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
      <circle cx="8" cy="8" r="2.1" fill="none" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}
