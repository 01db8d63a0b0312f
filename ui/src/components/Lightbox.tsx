import { useModalKeys } from "./useModalKeys";
import { imageUrl, type ImageKind } from "../api";
import "./Dialog.css";

/** The image, large: the original, or for a file the webview cannot show
 * (HEIC, raw) the engine's preview of it. */
export function Lightbox({ id, rev, name, kind = "original", onClose }: { id: number; rev: number; name: string; kind?: ImageKind; onClose: () => void }) {
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
          <img src={imageUrl(kind, id, rev)} alt={name} />
        </div>
      </div>
    </div>
  );
}
