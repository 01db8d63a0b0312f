import { useEffect, useMemo, useRef, useState } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import type { HistoryStep } from "../bindings";
import { formatDate } from "../format";
import { entryTime, shortId, stepWhen, workLine } from "../history";
import { activityStore, localChangeStore } from "../state/app";
import { createStore, useStore } from "../state/store";
import { throttle } from "../state/throttle";
import "./HistorySection.css";

/** Open or closed for the rest of the session, whichever item is shown: one
 * who looks at histories wants the next item's too. */
const historyOpen = createStore(false);

/** A history is one query over the item's events: at most once a second. */
const REFRESH_MS = 1000;

/** The item's history, folded away until asked for (it costs a query). */
export function HistorySection({ id }: { id: number }) {
  const open = useStore(historyOpen, (o) => o);
  const bodyId = `history-${id}`;
  return (
    <section className="details-section history-section" data-testid="history-section">
      <h3>
        <button type="button" className="history-toggle" aria-expanded={open} aria-controls={bodyId} data-testid="history-toggle" onClick={() => historyOpen.set(!open)}>
          <span className="history-caret" aria-hidden="true">
            {open ? "▾" : "▸"}
          </span>
          History
        </button>
      </h3>
      {open && (
        <div id={bodyId}>
          <HistoryList id={id} />
        </div>
      )}
    </section>
  );
}

/** Reads the history when shown, and again (throttled) after this window
 * changed items or when a progress snapshot says the library moved on (a
 * handler finishing, another window's action). */
function useItemHistory(id: number) {
  const [answer, setAnswer] = useState<{ id: number; steps: HistoryStep[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);
  const dataVersion = useStore(activityStore, (a) => a.dataVersion);
  const local = useStore(localChangeStore, (n) => n);
  const again = useMemo(() => throttle(() => setAsked((n) => n + 1), REFRESH_MS), []);
  useEffect(() => () => again.cancel(), [again]);
  const seen = useRef({ dataVersion, local });
  useEffect(() => {
    if (seen.current.dataVersion === dataVersion && seen.current.local === local) return;
    seen.current = { dataVersion, local };
    again();
  }, [dataVersion, local, again]);
  useEffect(() => {
    let live = true;
    api.itemHistory(id).then(
      (h) => {
        if (!live) return;
        setAnswer({ id, steps: h.steps });
        setError(null);
      },
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id, asked]);
  return { steps: answer?.id === id ? answer.steps : null, error };
}

function HistoryList({ id }: { id: number }) {
  const { steps, error } = useItemHistory(id);
  if (error && !steps) return <div className="muted">{error}</div>;
  if (!steps) return <div className="muted">Loading…</div>;
  if (steps.length === 0) return <div className="muted">Nothing recorded yet.</div>;
  const now = Date.now();
  return (
    <ol className="history-steps" aria-label="History, newest first">
      {steps.map((step) => (
        <li key={step.correlation_id} className={`history-step${step.by_person ? " is-person" : ""}`} data-testid="history-step" data-correlation-id={step.correlation_id}>
          <div className="history-step-head">
            <span className="history-title" data-testid="history-title">
              {step.title}
            </span>
            <code className="history-id selectable" title={step.correlation_id} aria-label={`Correlation id ${step.correlation_id}`}>
              {shortId(step.correlation_id)}
            </code>
          </div>
          <time className="history-when" dateTime={new Date(step.at).toISOString()} title={formatDate(step.at)}>
            {stepWhen(step.at, now)}
          </time>
          <ul className="history-entries">
            {step.entries.map((entry) => (
              <li key={entry.event_id} className="history-entry" data-testid="history-entry" title={entry.kind}>
                <time className="history-time" dateTime={new Date(entry.at).toISOString()}>
                  {entryTime(entry.at)}
                </time>
                <span className="history-what">{entry.what}</span>
                {entry.work.map((w) => (
                  <div key={w.handler} className={`history-work is-${w.state}`} data-testid="history-work">
                    {workLine(w)}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
