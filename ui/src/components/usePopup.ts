import { useEffect, useRef, useState, type FocusEvent as ReactFocusEvent } from "react";
import { useModalKeys } from "./useModalKeys";

/** A menu or panel that drops from a button in the top bar. While it is open,
 * a press outside it, Tab out of it, and Escape close it; Escape puts the
 * focus back on the button if the focus was in the popup (opened with the
 * mouse, the focus may be nowhere, and then it stays so).
 *
 * `containerRef` goes on the element around the button and the popup, with
 * `onBlur`; `buttonRef` on the button. */
export function usePopup() {
  const [open, setOpen] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useModalKeys(open, () => {
    const focusWasInside = containerRef.current?.contains(document.activeElement) ?? false;
    setOpen(false);
    if (focusWasInside) buttonRef.current?.focus();
  });

  useEffect(() => {
    if (!open) return;
    const closeOnPressOutside = (e: MouseEvent) => {
      if (!containerRef.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", closeOnPressOutside);
    return () => window.removeEventListener("mousedown", closeOnPressOutside);
  }, [open]);

  // Tabbing out of the popup closes it, as a press outside does.
  const onBlur = (e: ReactFocusEvent) => {
    if (open && e.relatedTarget instanceof Node && !containerRef.current?.contains(e.relatedTarget)) setOpen(false);
  };

  return { open, setOpen, containerRef, buttonRef, onBlur };
}
