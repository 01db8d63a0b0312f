import { dismissToast, toastStore } from "../state/toasts";
import { useStore } from "../state/store";
import "./Toasts.css";

export function Toasts() {
  const toasts = useStore(toastStore, (s) => s);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"} data-testid="toast">
          <div className="toast-body">
            <div className="toast-text">{t.text}</div>
            {t.details && t.details.length > 0 && (
              <ul className="toast-details">
                {t.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          {t.action && (
            <button
              type="button"
              className="btn small toast-action"
              data-testid="toast-action"
              onClick={() => {
                dismissToast(t.id);
                t.action!.onClick();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
