import { useState } from "react";
import { imageUrl, type ImageKind } from "../api";
import { typeLabel } from "../format";

type Props = {
  id: number;
  rev: number;
  /** Whether an image exists to ask for; otherwise the placeholder shows. */
  has: boolean;
  kind?: ImageKind;
  contentType?: string;
  name?: string;
  className?: string;
  onLoad?: () => void;
};

/** An image from the mahres protocol, with a file-type placeholder when there is
 * none or it fails to load. */
export function Thumb({ id, rev, has, kind = "thumb", contentType = "", name = "", className, onLoad }: Props) {
  const src = imageUrl(kind, id, rev);
  const [failed, setFailed] = useState<string | null>(null);
  if (!has || failed === src) {
    return (
      <div className={`placeholder ${className ?? ""}`} aria-hidden="true">
        <span className="placeholder-type">{typeLabel(contentType, name)}</span>
      </div>
    );
  }
  return (
    <img
      className={className}
      src={src}
      alt=""
      draggable={false}
      decoding="async"
      onLoad={onLoad}
      onError={() => setFailed(src)}
    />
  );
}
