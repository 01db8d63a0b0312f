import { useEffect, useRef, useSyncExternalStore } from "react";
import type { ExportReport } from "../bindings";
import {
  LAYOUTS,
  WHAT_IS_WRITTEN,
  allLabel,
  exportFraction,
  exportProgressText,
  exportSummary,
  failedLine,
  searchLabel,
  skippedLine,
} from "../exporting";
import { formatBytes } from "../format";
import { tileCache } from "../state/app";
import { confirmStore } from "../state/confirm";
import {
  backToChoices,
  closeExport,
  exportStore,
  setExportLayout,
  setExportScope,
  startExport,
  type ExportPhase,
  type ExportState,
} from "../state/exportItems";
import { useStore } from "../state/store";
import { detailSentence } from "../verify";
import { Modal, RunFailed } from "./Modal";
import { ProgressBar } from "./ProgressBar";
import "./ExportDialog.css";

/** "Export…" from the Import menu: copies items with their sidecars and
 * library.json into a folder the person picks. */
export function ExportDialog() {
  const state = useStore(exportStore, (s) => s);
  return state ? <OpenExportDialog state={state} /> : null;
}

function OpenExportDialog({ state }: { state: ExportState }) {
  const confirming = useStore(confirmStore, (s) => s !== null);
  // The counts are the grid's totals, live as the listings load.
  useSyncExternalStore(tileCache.subscribe, tileCache.getVersion);
  const startRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const phase = state.phase.kind;

  useEffect(() => {
    // Choosing (again, after a cancelled picker): onto the button that does it. Otherwise onto Close.
    if (phase === "choose") (startRef.current && !startRef.current.disabled ? startRef.current : closeRef.current)?.focus();
    else closeRef.current?.focus();
  }, [phase]);

  const searchTotal = state.query ? tileCache.total({ query: state.query, sort: state.sort }) : null;
  const allTotal = state.query ? state.allTotal : tileCache.total({ query: "", sort: state.sort });
  const chosenTotal = state.scope === "search" ? searchTotal : allTotal;
  const p = state.phase;

  return (
    <Modal
      titleId="export-title"
      title="Export"
      className="dialog-fitted export-dialog"
      testId="export-dialog"
      phase={p.kind}
      onClose={closeExport}
      // The confirmation above it, if any, has Escape while it is shown.
      escapeCloses={!confirming}
      buttons={
        <>
          {p.kind === "failed" && (
            <button type="button" className="btn" data-testid="export-back" onClick={backToChoices}>
              Back
            </button>
          )}
          <button ref={closeRef} type="button" className="btn" data-testid="export-close" onClick={closeExport}>
            {p.kind === "choose" ? "Cancel" : "Close"}
          </button>
          {p.kind === "choose" && (
            <button
              ref={startRef}
              type="button"
              className="btn btn-primary"
              data-testid="export-start"
              disabled={chosenTotal === 0}
              onClick={() => void startExport()}
            >
              Choose folder and export…
            </button>
          )}
        </>
      }
    >
      <div className="export-body">
        {p.kind === "choose" && <Choices state={state} searchTotal={searchTotal} allTotal={allTotal} />}
        {p.kind === "exporting" && <Exporting phase={p} />}
        {p.kind === "done" && <Summary report={p.report} />}
        {p.kind === "failed" && (
          <RunFailed testId="export-summary" detail={p.detail}>
            The export could not run: {p.message}
          </RunFailed>
        )}
      </div>
    </Modal>
  );
}

function Choices({ state, searchTotal, allTotal }: { state: ExportState; searchTotal: number | null; allTotal: number | null }) {
  const chosenTotal = state.scope === "search" ? searchTotal : allTotal;
  return (
    <>
      {state.query ? (
        <fieldset className="export-group">
          <legend className="export-legend">What to export</legend>
          <label className="export-option">
            <input
              type="radio"
              name="export-scope"
              value="search"
              data-testid="export-scope-search"
              checked={state.scope === "search"}
              onChange={() => setExportScope("search")}
            />
            <span className="export-option-text">
              <span>{searchLabel(searchTotal)}</span>
              <span className="export-query muted small" title={state.query}>
                {state.query}
              </span>
            </span>
          </label>
          <label className="export-option">
            <input type="radio" name="export-scope" value="all" data-testid="export-scope-all" checked={state.scope === "all"} onChange={() => setExportScope("all")} />
            <span className="export-option-text">{allLabel(allTotal)}</span>
          </label>
        </fieldset>
      ) : (
        <p className="export-what">
          <span className="export-legend">What to export: </span>
          <span data-testid="export-scope-all">{allLabel(allTotal)}</span>
        </p>
      )}
      <fieldset className="export-group" data-testid="export-layout">
        <legend className="export-legend">How to arrange the files</legend>
        {LAYOUTS.map((l) => (
          <label key={l.layout} className="export-option">
            <input type="radio" name="export-layout" value={l.layout} checked={state.layout === l.layout} onChange={() => setExportLayout(l.layout)} />
            <span className="export-option-text">{l.label}</span>
          </label>
        ))}
      </fieldset>
      <p className="export-written muted">{WHAT_IS_WRITTEN}</p>
      {chosenTotal === 0 && <p className="export-written muted small">Nothing to export: there are no items to copy.</p>}
    </>
  );
}

function Exporting({ phase }: { phase: Extract<ExportPhase, { kind: "exporting" }> }) {
  const percent = Math.round(exportFraction(phase.progress) * 100);
  return (
    <div className="export-progress" data-testid="export-progress">
      <ProgressBar percent={percent} label="Items exported" />
      <p className="export-progress-line" aria-live="polite" data-testid="export-progress-text">
        {exportProgressText(phase.progress)}
      </p>
      <p className="muted small dialog-note">Closing this stops waiting; an export already under way carries on to its end.</p>
    </div>
  );
}

function Summary({ report }: { report: ExportReport }) {
  const skipped = skippedLine(report);
  const failed = failedLine(report);
  return (
    <div data-testid="export-summary">
      <p className={`dialog-summary${report.failed.length === 0 ? " is-clean" : ""}`} role="status">
        {report.failed.length === 0 && report.exported + report.skipped > 0 && <span aria-hidden="true">✓ </span>}
        <span className="selectable">{exportSummary(report)}</span>
        {skipped && <> {skipped}</>}
      </p>
      {report.bytes > 0 && <p className="muted small dialog-note">Copied {formatBytes(report.bytes)}.</p>}
      {failed && (
        <>
          <p className="export-failed-line" data-testid="export-failed-line">
            {failed}
          </p>
          <ul className="dialog-list" aria-label="Not exported">
            {report.failed.map((f) => (
              <li key={f.resource_id} className="export-failure" data-testid="export-failure" data-id={f.resource_id}>
                <span className="export-failure-name" title={f.name}>
                  {f.name}
                </span>
                <span className="export-failure-error muted small">{detailSentence(f.error)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
