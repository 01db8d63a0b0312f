import { useState } from "react";
import "./ErrorScreen.css";

/** The whole window, when the library cannot be opened. */
export function ErrorScreen({
  title,
  message,
  detail,
  root,
  onRetry,
}: {
  title: string;
  message: string;
  detail?: string | null;
  root?: string;
  onRetry?: () => Promise<unknown>;
}) {
  const [retrying, setRetrying] = useState(false);
  return (
    <div className="error-screen" role="alert">
      <div className="error-card">
        <div className="error-icon" aria-hidden="true">
          !
        </div>
        <h1>{title}</h1>
        <p className="error-text">{message}</p>
        {root && (
          <p className="error-root">
            Library: <code>{root}</code>
          </p>
        )}
        {detail && (
          <details className="error-detail">
            <summary>Details</summary>
            <code className="selectable">{detail}</code>
          </details>
        )}
        {onRetry && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="retry-open"
            disabled={retrying}
            onClick={() => {
              setRetrying(true);
              onRetry().finally(() => setRetrying(false));
            }}
          >
            {retrying ? "Trying…" : "Retry"}
          </button>
        )}
      </div>
    </div>
  );
}
