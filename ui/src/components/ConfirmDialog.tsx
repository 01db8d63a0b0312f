import { useEffect, useRef } from "react";
import { answer, confirmStore } from "../state/confirm";
import { useStore } from "../state/store";
import { Modal } from "./Modal";

/** The app's confirmation. The focus starts on Cancel, the safe choice, even
 * for a dangerous one: an Enter pressed out of habit changes nothing. Tab
 * goes between the two buttons only (never to the page behind, where Enter
 * could press a button the dialog hides); Enter presses the focused one,
 * Escape cancels. */
export function ConfirmDialog() {
  const request = useStore(confirmStore, (s) => s);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (request) cancelRef.current?.focus();
  }, [request]);
  if (!request) return null;
  const cancel = () => answer(false);
  return (
    <Modal
      role="alertdialog"
      titleId="confirm-title"
      title={request.title}
      describedBy={request.message ? "confirm-message" : undefined}
      onClose={cancel}
      onBackdropPress={cancel}
      testId="confirm-dialog"
      buttons={
        <>
          <button ref={cancelRef} type="button" className="btn" data-testid="confirm-cancel" onClick={cancel}>
            Cancel
          </button>
          <button
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
      {request.message && (
        <p id="confirm-message" className="dialog-message">
          {request.message}
        </p>
      )}
    </Modal>
  );
}
