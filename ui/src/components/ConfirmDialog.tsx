import { useEffect, useRef } from "react";
import { answer, confirmStore } from "../state/confirm";
import { useStore } from "../state/store";
import { useModalKeys } from "./useModalKeys";
import "./Dialog.css";

export function ConfirmDialog() {
  const request = useStore(confirmStore, (s) => s);
  const yesRef = useRef<HTMLButtonElement>(null);
  useModalKeys(!!request, () => answer(false));
  useEffect(() => {
    if (request) yesRef.current?.focus();
  }, [request]);
  if (!request) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && answer(false)}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">
        <h2 id="confirm-title" className="dialog-title">
          {request.title}
        </h2>
        {request.message && <p className="dialog-message">{request.message}</p>}
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={() => answer(false)}>
            Cancel
          </button>
          <button
            ref={yesRef}
            type="button"
            className={request.danger ? "btn btn-danger" : "btn btn-primary"}
            data-testid="confirm-yes"
            onClick={() => answer(true)}
          >
            {request.confirmLabel ?? "OK"}
          </button>
        </div>
      </div>
    </div>
  );
}
