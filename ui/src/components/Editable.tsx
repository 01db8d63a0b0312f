import { useEffect, useRef, useState } from "react";

type Props = {
  value: string;
  onSave: (value: string) => void;
  placeholder?: string;
  className?: string;
  label: string;
  multiline?: boolean;
  /** Saving an empty value is refused (the old one comes back). */
  required?: boolean;
  autoFocus?: boolean;
  testId?: string;
};

/** A field edited in place: saves on blur (and on Enter for one line);
 * Escape puts the saved value back. Follows `value` while not being edited. */
export function Editable({ value, onSave, placeholder, className, label, multiline, required, autoFocus, testId }: Props) {
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);
  const cancelled = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);

  const commit = () => {
    editing.current = false;
    if (cancelled.current) {
      cancelled.current = false;
      setDraft(value);
      return;
    }
    const next = multiline ? draft : draft.trim();
    if (required && !next) {
      setDraft(value);
      return;
    }
    if (next !== value) onSave(next);
  };

  const common = {
    className,
    value: draft,
    placeholder,
    "aria-label": label,
    "data-testid": testId,
    autoFocus,
    onFocus: () => {
      editing.current = true;
    },
    onBlur: commit,
  };

  if (multiline) {
    return (
      <textarea
        {...common}
        rows={3}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            cancelled.current = true;
            e.currentTarget.blur();
          }
        }}
      />
    );
  }
  return (
    <input
      {...common}
      type="text"
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          e.currentTarget.blur();
        } else if (e.key === "Escape") {
          e.preventDefault();
          cancelled.current = true;
          e.currentTarget.blur();
        }
      }}
    />
  );
}

/** A text box that hands its text over on Enter and clears itself. */
export function EnterInput({
  onEnter,
  placeholder,
  label,
  testId,
  list,
  autoFocus,
  onCancel,
  className,
}: {
  onEnter: (text: string) => Promise<unknown> | void;
  placeholder: string;
  label: string;
  testId?: string;
  list?: string;
  autoFocus?: boolean;
  onCancel?: () => void;
  className?: string;
}) {
  const [text, setText] = useState("");
  // Not `disabled` while saving: that would take the focus away mid-typing.
  const busy = useRef(false);
  return (
    <input
      type="text"
      className={className ?? "input"}
      value={text}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      list={list}
      autoFocus={autoFocus}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        if (!text.trim()) onCancel?.();
      }}
      onKeyDown={async (e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          const value = text.trim();
          if (!value || busy.current) return;
          busy.current = true;
          try {
            const ok = await onEnter(value);
            if (ok !== false) setText("");
          } finally {
            busy.current = false;
          }
        } else if (e.key === "Escape") {
          e.preventDefault();
          setText("");
          onCancel?.();
          e.currentTarget.blur();
        }
      }}
    />
  );
}
