import { useEffect, useRef } from "react";
import { answer, confirmStore } from "../state/confirm";
import { useStore } from "../state/store";
import { Modal } from "./Modal";

export function ConfirmDialog() {
  const request = useStore(confirmStore, (s) => s);
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (request) yesRef.current?.focus();
  }, [request]);
  if (!request) return null;
  const cancel = () => answer(false);
  return (
    <Modal
      role="alertdialog"
      titleId="confirm-title"
      title={request.title}
      onClose={cancel}
      onBackdropPress={cancel}
      // Tab has always been free to leave a confirmation; keeping it in is a change of its own.
      trapsTab={false}
      buttons={
        <>
          <button type="button" className="btn" onClick={cancel}>
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
        </>
      }
    >
      {request.message && <p className="dialog-message">{request.message}</p>}
    </Modal>
  );
}
