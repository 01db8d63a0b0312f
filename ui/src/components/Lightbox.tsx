import { useModalKeys } from "./useModalKeys";
import { imageUrl } from "../api";
import "./Dialog.css";

/** The original image, large. */
export function Lightbox({ id, rev, name, onClose }: { id: number; rev: number; name: string; onClose: () => void }) {
  useModalKeys(true, onClose);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="lightbox" role="dialog" aria-modal="true" aria-label={name}>
        <div className="lightbox-bar">
          <span className="grow">{name}</span>
          <button type="button" className="btn" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
        <div className="lightbox-body">
          <img src={imageUrl("original", id, rev)} alt={name} />
        </div>
      </div>
    </div>
  );
}
