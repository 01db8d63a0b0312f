import { useEffect, useState } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import { reportError } from "../actions";
import type { FailedJob } from "../bindings";
import { formatAge, formatCount, formatEta, formatRate, plural } from "../format";
import { activityStore, appStore, applyProgress, patchApp, revealInLibrary } from "../state/app";
import { FAILED_WORD, statusSummary, workCounts, workSummary, type Activity } from "../state/progress";
import { useStore } from "../state/store";
import { toastInfo } from "../state/toasts";
import { ProgressBar } from "./ProgressBar";
import "./ActivityPanel.css";

/** The status bar (always there) and the Activity panel it opens. */
export function ActivityBar() {
  const activity = useStore(activityStore, (a) => a);
  const open = useStore(appStore, (s) => s.activityOpen);
  const busy = activity.outstanding > 0 && !activity.paused;
  return (
    <footer className="statusbar-wrap">
      {open && <ActivityPanel activity={activity} />}
      <div className="statusbar">
        <button
          type="button"
          className="statusbar-toggle"
          data-testid="activity-toggle"
          aria-expanded={open}
          onClick={() => patchApp({ activityOpen: !open })}
        >
          <span className={`status-dot${busy ? " is-busy" : activity.failed > 0 ? " is-failed" : activity.paused ? " is-paused" : ""}`} aria-hidden="true" />
          <span className="statusbar-text">{statusSummary(activity)}</span>
          {busy && (
            <span className="statusbar-meter" aria-hidden="true">
              <span style={{ width: `${Math.round(activity.batch.fraction * 100)}%` }} />
            </span>
          )}
          <span className="statusbar-chevron" aria-hidden="true">
            {open ? "▾" : "▴"}
          </span>
        </button>
      </div>
    </footer>
  );
}

async function refreshProgress() {
  try {
    applyProgress(await api.progress());
  } catch {
    // the next event brings it
  }
}

function ActivityPanel({ activity }: { activity: Activity }) {
  const [failures, setFailures] = useState<FailedJob[] | null>(null);
  const [failuresError, setFailuresError] = useState<string | null>(null);
  const [pausing, setPausing] = useState(false);

  useEffect(() => {
    let live = true;
    api.failures(50).then(
      (f) => {
        if (!live) return;
        setFailures(f);
        setFailuresError(null);
      },
      (e) => live && setFailuresError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [activity.failuresVersion]);

  const retry = async (jobIds: number[] | null) => {
    try {
      const n = await api.retry(jobIds);
      toastInfo(`Retrying ${plural(n, "job")}`);
      if (jobIds) setFailures((f) => f?.filter((j) => !jobIds.includes(j.job_id)) ?? f);
      await refreshProgress();
    } catch (e) {
      reportError(e);
    }
  };

  const togglePause = async () => {
    setPausing(true);
    try {
      await (activity.paused ? api.resume() : api.pause());
      await refreshProgress();
    } catch (e) {
      reportError(e);
    } finally {
      setPausing(false);
    }
  };

  const percent = Math.round(activity.batch.fraction * 100);
  const eta = formatEta(activity.eta);
  // Items, by the name a person knows them by; the handlers' own counts
  // (jobs, several an item) are one click away.
  const work = workCounts(activity);
  const failedNames = (failures ?? []).map((f) => f.resource_name ?? f.event_type);
  // Each failed item once, however many of its steps failed (when the
  // list is whole: it holds the newest 50).
  if (failures && failures.length > 0 && failures.length < 50) work.failed = new Set(failures.map((f) => f.resource_id ?? `e${f.event_id}`)).size;

  return (
    <section className="activity" data-testid="activity-panel" aria-label="Activity">
      <div className="activity-top">
        <div className="activity-overall">
          <div className="activity-headline">
            {activity.idle ? (
              <span className="all-done">✓ All done</span>
            ) : activity.paused ? (
              <span>Paused</span>
            ) : (
              <span>Processing</span>
            )}
            {!activity.idle && activity.rate > 0 && <span className="muted">· {formatRate(activity.rate)}</span>}
            {!activity.idle && eta && <span className="muted">· {eta} left</span>}
            {activity.reindexing && (
              <span className="muted">
                · rebuilding search index {formatCount(activity.reindexing.done)} / {formatCount(activity.reindexing.total)}
              </span>
            )}
          </div>
          <div className={`activity-work${work.failed > 0 ? " has-failed" : ""}`} data-testid="activity-work">
            {workSummary(work, failedNames)}
          </div>
          <ProgressBar percent={percent} label="Batch progress" paused={activity.paused} />
          <div className="muted small">
            {activity.idle
              ? `${formatCount(activity.resourceCount)} items in the library`
              : `${percent}% of this batch done`}
            {" · "}
            <span data-testid="activity-pending">{activity.outstanding}</span> {activity.outstanding === 1 ? "step" : "steps"} to go
          </div>
        </div>
        <button type="button" className="btn" data-testid="pause-button" disabled={pausing} onClick={togglePause}>
          {activity.paused ? "Resume" : "Pause"}
        </button>
      </div>

      <div className="activity-columns">
        <details className="handler-details" data-testid="handler-details">
          <summary>By step</summary>
          <p className="muted small handler-note">
            Each item goes through several steps; these count the steps, not the items.
            {activity.undispatched > 0 && ` ${formatCount(activity.undispatched)} changes not yet handed to a step.`}
          </p>
          <table className="handler-table">
            <thead>
              <tr>
                <th>Step</th>
                <th>Waiting</th>
                <th>Running</th>
                <th>Done</th>
                <th>{FAILED_WORD}</th>
              </tr>
            </thead>
            <tbody>
              {activity.handlers.map((h) => (
                <tr key={h.name} data-testid="handler-row">
                  <td className="handler-name">{h.name}</td>
                  <td>{formatCount(h.pending)}</td>
                  <td>{formatCount(h.running)}</td>
                  <td>{formatCount(h.done)}</td>
                  <td className={h.failed > 0 ? "is-failed" : undefined}>{formatCount(h.failed)}</td>
                </tr>
              ))}
              {activity.handlers.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    Nothing reported yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </details>

        <div className="failures">
          <div className="failures-head">
            <span>{FAILED_WORD}</span>
            {failures && failures.length > 0 && (
              <button type="button" className="btn small" onClick={() => retry(null)}>
                Retry all
              </button>
            )}
          </div>
          {failuresError && <div className="error-text">{failuresError}</div>}
          {failures && failures.length === 0 && <div className="muted">Nothing failed.</div>}
          <ul className="failure-list">
            {failures?.map((f) => (
              <li key={f.job_id} className="failure-row" data-testid="failure-row">
                <div className="failure-main">
                  <div className="failure-title">
                    {f.resource_id !== null ? (
                      <button type="button" className="link-btn" onClick={() => revealInLibrary(f.resource_id!)}>
                        {f.resource_name ?? `#${f.resource_id}`}
                      </button>
                    ) : (
                      <span>{f.resource_name ?? f.event_type}</span>
                    )}
                    <span className="failure-handler">{f.handler}</span>
                    {f.state === "dead" ? (
                      <span className="state-pill is-dead" data-testid="failure-state">
                        {FAILED_WORD}
                      </span>
                    ) : (
                      <span className="state-pill is-retrying" data-testid="failure-state" title="It is tried again by itself">
                        Will retry
                      </span>
                    )}
                  </div>
                  <div className="failure-error" title={f.error}>
                    {f.error}
                  </div>
                  {f.detail && (
                    <details className="failure-detail">
                      <summary>Details</summary>
                      <code className="selectable">{f.detail}</code>
                    </details>
                  )}
                  <div className="muted small">
                    {plural(f.attempts, "attempt")}
                    {f.last_failed_at !== null && ` · ${formatAge(Date.now() - f.last_failed_at)}`}
                  </div>
                </div>
                <button type="button" className="btn small" data-testid="retry-button" onClick={() => retry([f.job_id])}>
                  Retry
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
