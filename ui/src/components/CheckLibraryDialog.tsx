import { useEffect, useRef, type MouseEvent as ReactMouseEvent, type RefObject } from "react";
import type { VerifyProblem, VerifyReport } from "../bindings";
import { formatBytes, formatCount } from "../format";
import {
  checkStore,
  closeCheckLibrary,
  markProblemMissing,
  removeProblemItem,
  restoreFromFile,
  runCheck,
  type CheckPhase,
  type ProblemOutcome,
  type ProblemRow,
} from "../state/checkLibrary";
import { confirmStore } from "../state/confirm";
import { useStore } from "../state/store";
import {
  KIND_LABELS,
  detailSentence,
  problemActions,
  progressFraction,
  progressText,
  rateText,
  repairPlan,
  repairText,
  reportNotes,
  strayLine,
  summaryLine,
} from "../verify";
import { FoldedDetails, Modal, RunFailed } from "./Modal";
import { ProgressBar } from "./ProgressBar";
import "./CheckLibraryDialog.css";

/** Stray paths listed under Details; the rest are counted. */
const STRAYS_LISTED = 50;

const OUTCOMES: Record<ProblemOutcome | "repaired", string> = {
  repaired: "Restored from its original.",
  restored: "Restored from the file you picked.",
  marked_missing: "Marked missing: the grid shows it so until it is restored or removed.",
  removed: "Moved to the Trash.",
};

/** "Check library…" from the gear: re-reads every file and says what is wrong. */
export function CheckLibraryDialog() {
  const state = useStore(checkStore, (s) => s);
  const confirming = useStore(confirmStore, (s) => s !== null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const open = state !== null;

  useEffect(() => {
    // Onto the safe choice: closing changes nothing.
    if (open) closeRef.current?.focus();
  }, [open]);

  if (!state) return null;
  const { phase } = state;

  return (
    <Modal
      titleId="check-title"
      title={phase.kind === "checking" && phase.repair ? "Repairing the library" : "Check library"}
      className="dialog-fitted check-dialog"
      describedBy="check-status"
      testId="check-library-dialog"
      phase={phase.kind}
      dialogRef={dialogRef}
      onClose={closeCheckLibrary}
      // The confirmation above it has Escape while it is shown.
      escapeCloses={!confirming}
      buttons={
        <>
          {phase.kind === "done" && (
            <button type="button" className="btn" data-testid="check-again" onClick={() => runCheck(false)}>
              Check again
            </button>
          )}
          {phase.kind === "failed" && (
            <button type="button" className="btn" data-testid="check-again" onClick={() => runCheck(phase.repair)}>
              Try again
            </button>
          )}
          <button ref={closeRef} type="button" className="btn" data-testid="check-close" onClick={closeCheckLibrary}>
            Close
          </button>
        </>
      }
    >
      <div id="check-status" className="check-status">
        {phase.kind === "checking" && <Checking phase={phase} />}
        {phase.kind === "failed" && (
          <RunFailed testId="check-summary" detail={phase.detail}>
            {phase.repair ? "The repair could not run" : "The check could not run"}: {phase.message}
          </RunFailed>
        )}
        {phase.kind === "done" && <Summary report={phase.report} />}
      </div>
      {phase.kind === "done" && <Findings report={phase.report} rows={state.rows} dialog={dialogRef} />}
    </Modal>
  );
}

function Checking({ phase }: { phase: Extract<CheckPhase, { kind: "checking" }> }) {
  const p = phase.progress;
  const percent = Math.round(progressFraction(p) * 100);
  const rate = p ? rateText(p.bytes, (Date.now() - phase.startedAt) / 1000) : "";
  return (
    <div className="check-progress" data-testid="check-progress">
      <p className="check-lead muted">
        {phase.repair
          ? "Every file is read again; copies whose originals still have the recorded bytes are restored from them."
          : "Every file is read again and compared with what was recorded when it was imported."}
      </p>
      <ProgressBar percent={percent} label="Files checked" />
      <div className="check-progress-line" aria-live="polite">
        <span data-testid="check-progress-text">{p ? progressText(p) : "Starting…"}</span>
        {rate && <span className="muted"> · {rate}</span>}
        {p && p.total_bytes > 0 && (
          <span className="muted small">
            {" "}
            · {formatBytes(p.bytes)} of {formatBytes(p.total_bytes)}
          </span>
        )}
      </div>
      <p className="muted small dialog-note">Closing this stops waiting; a check already under way may finish on its own.</p>
    </div>
  );
}

function Summary({ report }: { report: VerifyReport }) {
  const clean = report.problems.every((p) => p.repaired);
  return (
    <div>
      <p className={`dialog-summary${clean ? " is-clean" : ""}`} data-testid="check-summary" role="status">
        {clean && report.checked > 0 && <span aria-hidden="true">✓ </span>}
        {summaryLine(report)}
      </p>
      {reportNotes(report).map((note) => (
        <p key={note} className="dialog-note muted small" data-testid="check-note">
          {note}
        </p>
      ))}
      <p className="dialog-note muted small">
        Read {formatBytes(report.bytes)} in {report.seconds < 10 ? report.seconds.toFixed(1) : formatCount(report.seconds)} s.
      </p>
    </div>
  );
}

function Findings({ report, rows, dialog }: { report: VerifyReport; rows: Record<number, ProblemRow>; dialog: RefObject<HTMLDivElement | null> }) {
  const plan = repairPlan(report, (p) => rows[p.resource_id]?.outcome != null);
  const strays = strayLine(report);
  if (!plan && !strays && report.problems.length === 0) return null;
  return (
    <div className="check-findings">
      {plan && (
        <div className="check-repair">
          <span id="check-repair-text" className="check-repair-text">
            {repairText(plan)}.
          </span>
          <button type="button" className="btn btn-primary" data-testid="check-repair" aria-describedby="check-repair-text" onClick={() => runCheck(true)}>
            Repair
          </button>
        </div>
      )}
      {strays && (
        <div className="check-strays" data-testid="check-strays">
          <span>{strays}</span>
          <FoldedDetails>
            {report.stray_copies.slice(0, STRAYS_LISTED).join("\n")}
            {report.stray_copies.length > STRAYS_LISTED && `\n…and ${formatCount(report.stray_copies.length - STRAYS_LISTED)} more`}
          </FoldedDetails>
        </div>
      )}
      {report.problems.length > 0 && (
        <ul className="dialog-list check-problems" aria-label="Problems">
          {report.problems.map((p) => (
            <ProblemItem key={p.resource_id} problem={p} row={rows[p.resource_id]} dialog={dialog} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ProblemItem({ problem: p, row, dialog }: { problem: VerifyProblem; row: ProblemRow | undefined; dialog: RefObject<HTMLDivElement | null> }) {
  const ref = useRef<HTMLLIElement>(null);
  const outcome = p.repaired ? "repaired" : (row?.outcome ?? null);
  const busy = row?.busy ?? false;
  const actions = outcome ? [] : problemActions(p);

  // After an action (and its confirmation), the focus stays in the row:
  // on the button if it is still there, else on the row itself.
  const run = (action: (p: VerifyProblem) => Promise<void>) => async (e: ReactMouseEvent<HTMLButtonElement>) => {
    const button = e.currentTarget;
    await action(p);
    requestAnimationFrame(() => {
      if (dialog.current?.contains(document.activeElement) && document.activeElement !== document.body) return;
      (button.isConnected && !button.disabled ? button : ref.current)?.focus();
    });
  };

  return (
    <li
      ref={ref}
      className={`check-problem${outcome ? " is-settled" : ""}`}
      tabIndex={-1}
      data-testid="check-problem"
      data-id={p.resource_id}
      data-kind={p.kind}
      data-state={outcome ?? (row?.error ? "error" : "open")}
    >
      <div className="check-problem-head">
        <span className="check-problem-name" title={p.name}>
          {p.name}
        </span>
        <span className={`check-kind is-${p.kind}`}>{KIND_LABELS[p.kind]}</span>
      </div>
      <div className="check-problem-detail">{detailSentence(p.detail)}</div>
      {p.kind === "changed" && !outcome && (
        <div className="check-problem-hint muted small">
          A watched file edited outside the library, or damaged: the library cannot tell which. Removing it from the library keeps the file on disk, and the
          file is read again as it is now.
        </div>
      )}
      {p.repairable && !outcome && <div className="check-problem-hint muted small">Its original still has the recorded bytes: Repair restores it.</div>}
      {outcome && (
        <div className="check-outcome" data-testid="check-outcome">
          <span aria-hidden="true">✓ </span>
          {OUTCOMES[outcome]}
        </div>
      )}
      {row?.error && (
        <div className="error-text small check-problem-error" role="alert" data-testid="check-problem-error">
          {row.error}
        </div>
      )}
      {actions.length > 0 && (
        <div className="check-actions">
          {actions.includes("restore") && (
            <button type="button" className="btn small" data-testid="check-restore" disabled={busy} onClick={run(restoreFromFile)}>
              Restore from file…
            </button>
          )}
          {actions.includes("mark_missing") && (
            <button type="button" className="btn small" data-testid="check-mark-missing" disabled={busy} onClick={run(markProblemMissing)}>
              Mark missing
            </button>
          )}
          {actions.includes("remove") && (
            <button type="button" className="btn small btn-danger-quiet" data-testid="check-remove" disabled={busy} onClick={run(removeProblemItem)}>
              Remove from library
            </button>
          )}
        </div>
      )}
      <FoldedDetails>
        {`Looked at: ${p.path}`}
        {p.original_path && p.original_path !== p.path && `\nOriginal: ${p.original_path}`}
      </FoldedDetails>
    </li>
  );
}
