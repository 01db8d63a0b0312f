import { type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type RefObject } from "react";
import { useModalKeys } from "./useModalKeys";
import "./Dialog.css";

const FOCUSABLE = 'button:not(:disabled), summary, [href], input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** The controls Tab stops at, in document order (not every engine keeps it
 * for a selector list): of a group of radio buttons only the chosen one, as
 * the browser does. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)]
    .filter((el) => !(el instanceof HTMLInputElement && el.type === "radio" && !el.checked))
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** Tab (with Shift, backwards) goes round `root`'s own controls, never to
 * the page behind it: a dialog's, the viewer's, Compare's. */
export function cycleTab(e: { shiftKey: boolean; preventDefault(): void }, root: HTMLElement) {
  const items = tabStops(root);
  if (items.length === 0) {
    e.preventDefault();
    root.focus();
    return;
  }
  const [first, last] = [items[0], items[items.length - 1]];
  const active = document.activeElement;
  const inside = root.contains(active) && active !== root;
  if (e.shiftKey && (active === first || !inside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !inside)) {
    e.preventDefault();
    first.focus();
  }
}

function keepTabInside(e: ReactKeyboardEvent<HTMLDivElement>) {
  if (e.key === "Tab") cycleTab(e, e.currentTarget);
}

type ModalProps = {
  /** The heading's id: it names the dialog for screen readers. */
  titleId: string;
  title: ReactNode;
  /** The row of buttons under the body. */
  buttons: ReactNode;
  children?: ReactNode;
  /** What Escape does. */
  onClose: () => void;
  /** False while a dialog above this one (a confirmation) is shown: Escape is that one's then. */
  escapeCloses?: boolean;
  /** A press on the backdrop around the dialog; without it the backdrop ignores presses. */
  onBackdropPress?: () => void;
  /** Off only where Tab has always been free to leave (the confirmation). */
  trapsTab?: boolean;
  role?: "dialog" | "alertdialog";
  /** Besides `dialog`: its size, and `dialog-fitted` to keep it within the window. */
  className?: string;
  describedBy?: string;
  testId?: string;
  /** As `data-phase`, for the tests to wait on. */
  phase?: string;
  dialogRef?: RefObject<HTMLDivElement>;
};

/** The frame every modal dialog shares: backdrop, title, body, buttons,
 * Escape and the focus kept inside. Where the focus starts is the dialog's
 * own choice, made in its own effect. */
export function Modal({
  titleId,
  title,
  buttons,
  children,
  onClose,
  escapeCloses = true,
  onBackdropPress,
  trapsTab = true,
  role = "dialog",
  className,
  describedBy,
  testId,
  phase,
  dialogRef,
}: ModalProps) {
  useModalKeys(escapeCloses, onClose);
  return (
    <div className="modal-backdrop" onMouseDown={onBackdropPress && ((e) => e.target === e.currentTarget && onBackdropPress())}>
      <div
        ref={dialogRef}
        className={className ? `dialog ${className}` : "dialog"}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        data-testid={testId}
        data-phase={phase}
        onKeyDown={trapsTab ? keepTabInside : undefined}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
        <div className="dialog-buttons">{buttons}</div>
      </div>
    </div>
  );
}

/** "Details" under a report line: the paths or the engine's own words, folded
 * away until asked for. */
export function FoldedDetails({ children }: { children: ReactNode }) {
  return (
    <details className="dialog-detail">
      <summary>Details</summary>
      <code className="selectable">{children}</code>
    </details>
  );
}

/** Why a run (a check, an export) could not happen, with the engine's detail if it gave one. */
export function RunFailed({ testId, children, detail }: { testId: string; children: ReactNode; detail: string | null }) {
  return (
    <div role="alert">
      <p className="error-text dialog-summary" data-testid={testId}>
        {children}
      </p>
      {detail && <FoldedDetails>{detail}</FoldedDetails>}
    </div>
  );
}
