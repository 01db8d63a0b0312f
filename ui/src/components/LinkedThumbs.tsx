import { plural } from "../format";
import { revealInLibrary } from "../state/app";
import { Thumb } from "./Thumb";

const MAX = 120;

/** Small thumbnails of linked resources; a click shows one in the Library. */
export function LinkedThumbs({ ids, onRemove, removeLabel }: { ids: number[]; onRemove?: (id: number) => void; removeLabel?: string }) {
  if (ids.length === 0) return <div className="muted">Nothing linked yet.</div>;
  return (
    <div className="linked-thumbs">
      {ids.slice(0, MAX).map((id) => (
        <div key={id} className="linked-thumb">
          <button type="button" className="linked-thumb-btn" title="Show in Library" onClick={() => revealInLibrary(id)}>
            {/* Notes and groups carry ids only: no revision or thumbnail flag to go by. */}
            <Thumb id={id} rev={0} has />
          </button>
          {onRemove && (
            <button type="button" className="linked-remove" aria-label={removeLabel ?? "Remove"} title={removeLabel} onClick={() => onRemove(id)}>
              ×
            </button>
          )}
        </div>
      ))}
      {ids.length > MAX && <div className="muted small">and {plural(ids.length - MAX, "more item")}</div>}
    </div>
  );
}
