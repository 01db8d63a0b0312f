import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent, type RefObject } from "react";
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
import { useModalKeys } from "./useModalKeys";
import "./Dialog.css";
import "./CheckLibraryDialog.css";

/** Stray paths listed under Details; the rest are counted. */
const STRAYS_LISTED = 50;

const OUTCOMES: Record<ProblemOutcome | "repaired", string> = {
  repaired: "Restored from its original.",
  restored: "Restored from the file you picked.",
  marked_missing: "Marked missing: the grid shows it so until it is restored or removed.",
  removed: "Removed from the library.",
};

const FOCUSABLE = 'button:not(:disabled), summary, [href], input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** "Check library…" from the gear: re-reads every file and says what is wrong. */
export function CheckLibraryDialog() {
  const state = useStore(checkStore, (s) => s);
  const confirming = useStore(confirmStore, (s) => s !== null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const open = state !== null;

  // The confirmation above it has Escape while it is shown.
  useModalKeys(open && !confirming, closeCheckLibrary);
  useEffect(() => {
    // Onto the safe choice: closing changes nothing.
    if (open) closeRef.current?.focus();
  }, [open]);

  if (!state) return null;
  const { phase } = state;

  // Tab goes round the dialog's own controls, never to the page behind it.
  const trapTab = (e: ReactKeyboardEvent) => {
    if (e.key !== "Tab" || !dialogRef.current) return;
    // In document order (not every engine keeps it for a selector list).
    const items = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].sort((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    if (items.length === 0) return;
    const [first, last] = [items[0], items[items.length - 1]];
    const inside = dialogRef.current.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  };

  const title = phase.kind === "checking" && phase.repair ? "Repairing the library" : "Check library";
  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="dialog check-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="check-title"
        aria-describedby="check-status"
        data-testid="check-library-dialog"
        data-phase={phase.kind}
        onKeyDown={trapTab}
      >
        <h2 id="check-title" className="dialog-title">
          {title}
        </h2>
        <div id="check-status" className="check-status">
          {phase.kind === "checking" && <Checking phase={phase} />}
          {phase.kind === "failed" && <Failed phase={phase} />}
          {phase.kind === "done" && <Summary report={phase.report} />}
        </div>
        {phase.kind === "done" && <Findings report={phase.report} rows={state.rows} dialog={dialogRef} />}
        <div className="dialog-buttons check-buttons">
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
        </div>
      </div>
    </div>
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
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Files checked">
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
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
      <p className="muted small check-note">Closing this stops waiting; a check already under way may finish on its own.</p>
    </div>
  );
}

function Failed({ phase }: { phase: Extract<CheckPhase, { kind: "failed" }> }) {
  return (
    <div role="alert">
      <p className="error-text check-summary" data-testid="check-summary">
        {phase.repair ? "The repair could not run" : "The check could not run"}: {phase.message}
      </p>
      {phase.detail && (
        <details className="check-detail">
          <summary>Details</summary>
          <code className="selectable">{phase.detail}</code>
        </details>
      )}
    </div>
  );
}

function Summary({ report }: { report: VerifyReport }) {
  const clean = report.problems.every((p) => p.repaired);
  return (
    <div>
      <p className={`check-summary${clean ? " is-clean" : ""}`} data-testid="check-summary" role="status">
        {clean && report.checked > 0 && <span aria-hidden="true">✓ </span>}
        {summaryLine(report)}
      </p>
      {reportNotes(report).map((note) => (
        <p key={note} className="check-note muted small" data-testid="check-note">
          {note}
        </p>
      ))}
      <p className="check-note muted small">
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
          <details className="check-detail">
            <summary>Details</summary>
            <code className="selectable">
              {report.stray_copies.slice(0, STRAYS_LISTED).join("\n")}
              {report.stray_copies.length > STRAYS_LISTED && `\n…and ${formatCount(report.stray_copies.length - STRAYS_LISTED)} more`}
            </code>
          </details>
        </div>
      )}
      {report.problems.length > 0 && (
        <ul className="check-problems" aria-label="Problems">
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
      <details className="check-detail">
        <summary>Details</summary>
        <code className="selectable">
          {`Looked at: ${p.path}`}
          {p.original_path && p.original_path !== p.path && `\nOriginal: ${p.original_path}`}
        </code>
      </details>
    </li>
  );
}
