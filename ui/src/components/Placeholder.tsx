import { typeGlyph, typeLabel, type TypeGlyph } from "../fileTypes";

type Props = {
  contentType: string;
  name: string;
  className?: string;
  /** Where the label only repeats what the page says beside it. */
  hidden?: boolean;
};

/** What stands in for a picture a file does not have: its type, from its
 * bytes ("TXT", "HEIC", "Empty"), and for documents and sounds a quiet glyph. */
export function Placeholder({ contentType, name, className, hidden }: Props) {
  const glyph = typeGlyph(contentType);
  return (
    <div className={`placeholder${className ? ` ${className}` : ""}`} aria-hidden={hidden || undefined}>
      {glyph && <Glyph kind={glyph} />}
      <span className="placeholder-type">{typeLabel(contentType, name)}</span>
    </div>
  );
}

function Glyph({ kind }: { kind: TypeGlyph }) {
  return (
    <svg className="placeholder-glyph" data-glyph={kind} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {kind === "document" ? (
        <>
          {/* A page with its corner folded, and lines of text. */}
          <path d="M6 2.75h8l4.25 4.25v14.25H6z" />
          <path d="M14 2.75V7h4.25" />
          <path d="M8.75 11h6.5M8.75 14h6.5M8.75 17h4" />
        </>
      ) : (
        <>
          {/* A pair of quavers. */}
          <path d="M9 17.5V5.5l10-2v12" />
          <circle cx="6.75" cy="17.5" r="2.25" />
          <circle cx="16.75" cy="15.5" r="2.25" />
        </>
      )}
    </svg>
  );
}
