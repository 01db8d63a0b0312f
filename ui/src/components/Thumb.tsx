import { useState } from "react";
import { imageUrl, type ImageKind } from "../api";
import { Placeholder } from "./Placeholder";

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
    return <Placeholder contentType={contentType} name={name} className={className} hidden />;
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
