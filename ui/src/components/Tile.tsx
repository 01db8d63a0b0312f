import { memo, useState, type DragEvent, type MouseEvent } from "react";
import { imageUrl } from "../api";
import type { Tile as TileData } from "../bindings";
import { companionMark } from "../fileTypes";
import { labelName, stars, starsWord } from "../marks";
import { Placeholder } from "./Placeholder";

type Props = {
  index: number;
  tile: TileData;
  selected: boolean;
  focused: boolean;
  onClick: (e: MouseEvent, index: number, id: number) => void;
  onDoubleClick: (index: number, id: number) => void;
  /** A drag begins on the tile: the files go out through the desktop. */
  onDragStart: (e: DragEvent, id: number) => void;
};

const STATE_BADGE: Record<string, { label: string; className: string } | undefined> = {
  waiting: { label: "waiting", className: "badge badge-waiting" },
  processing: { label: "processing", className: "badge badge-processing" },
  failed: { label: "failed", className: "badge badge-failed" },
};

function TileView({ index, tile, selected, focused, onClick, onDoubleClick, onDragStart }: Props) {
  const src = imageUrl("thumb", tile.id, tile.content_rev);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [broken, setBroken] = useState<string | null>(null);
  const unavailable = tile.availability === "missing" || tile.availability === "offline";
  const badge = STATE_BADGE[tile.state];
  const showImage = tile.has_thumbnail && broken !== src;

  let className = "tile";
  if (selected) className += " is-selected";
  if (focused) className += " is-focused";
  if (unavailable) className += " is-unavailable";
  // Lightroom dims a reject: still there, out of the way.
  if (tile.marks.flag === "reject") className += " is-rejected";

  return (
    <div
      className={className}
      data-testid="tile"
      data-id={tile.id}
      data-state={tile.state}
      data-thumb={showImage && loaded === src ? "loaded" : undefined}
      data-rating={tile.marks.rating || undefined}
      data-label={tile.marks.label ?? undefined}
      data-flag={tile.marks.flag ?? undefined}
      role="gridcell"
      aria-selected={selected}
      onClick={(e) => onClick(e, index, tile.id)}
      onDoubleClick={() => onDoubleClick(index, tile.id)}
      draggable
      onDragStart={(e) => onDragStart(e, tile.id)}
    >
      {/* The name's tooltip is on the name under the picture, never over it. */}
      {/* The checkerboard only behind a picture that is see-through (an
          opaque PNG has none): the engine says which. */}
      <div className={`tile-thumb${showImage && tile.transparent ? " has-alpha" : ""}`}>
        {showImage ? (
          <img
            src={src}
            alt=""
            draggable={false}
            decoding="async"
            onLoad={() => setLoaded(src)}
            onError={() => setBroken(src)}
          />
        ) : (
          <Placeholder contentType={tile.content_type} name={tile.name} />
        )}
        <div className="tile-badges">
          {badge && (
            <span className={badge.className} title={badge.label}>
              {tile.state === "processing" ? <span className="tile-busy" aria-hidden="true" /> : null}
              {tile.state === "processing" ? null : badge.label}
            </span>
          )}
          {unavailable && (
            <span className="badge badge-unavailable" title={tile.availability}>
              {tile.availability}
            </span>
          )}
        </div>
        <TileMarks marks={tile.marks} />
        {tile.companion_type !== null && (
          // Bottom corner, apart from the state badges: the item is two
          // files (the JPEG shown, its raw attached), nothing to act on.
          <span className="badge badge-companion" data-testid="tile-companion" title="Its raw file is attached: one shot, one item">
            {companionMark(tile.companion_type)}
          </span>
        )}
      </div>
      <div className="tile-name" title={tile.name}>
        {tile.name}
      </div>
    </div>
  );
}

/** The person's marks, small and quiet in the bottom corner: the label's
 * dot, the stars, the flag. Nothing when there is none. */
function TileMarks({ marks }: { marks: TileData["marks"] }) {
  if (!marks.rating && !marks.label && !marks.flag) return null;
  return (
    <span className="tile-marks" data-testid="tile-marks">
      {marks.label && <span className={`tile-label label-${marks.label}`} data-testid="tile-label" role="img" aria-label={`${labelName(marks.label)} label`} title={`${labelName(marks.label)} label`} />}
      {marks.rating > 0 && (
        <span className="tile-stars" data-testid="tile-stars" role="img" aria-label={`Rated ${starsWord(marks.rating)}`} title={`Rated ${starsWord(marks.rating)}`}>
          {stars(marks.rating)}
        </span>
      )}
      {marks.flag === "pick" && (
        <span className="tile-flag is-pick" data-testid="tile-flag" role="img" aria-label="Picked" title="Picked">
          ⚑
        </span>
      )}
      {marks.flag === "reject" && (
        <span className="tile-flag is-reject" data-testid="tile-flag" role="img" aria-label="Rejected" title="Rejected">
          ✕
        </span>
      )}
    </span>
  );
}

export const Tile = memo(TileView);

/** A tile whose page has not arrived yet. */
export function TileSkeleton() {
  return (
    <div className="tile tile-skeleton" aria-hidden="true">
      <div className="tile-thumb" />
      <div className="tile-name">&nbsp;</div>
    </div>
  );
}
