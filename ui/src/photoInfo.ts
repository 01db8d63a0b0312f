// The metadata handler's facts, laid out the way a photo app's info panel
// shows them: when, with what camera and exposure, where, and what the file
// says about itself. Facts it does not know (other handlers', or a known key
// with an unexpected kind of value) are left for the generic list. Pure.
import type { Fact } from "./bindings";
import { formatCoordinates, formatTaken } from "./format";

export type ExposurePart = { key: string; label: string; text: string };

export type PhotoInfo = {
  /** `text` on the clock where it was taken; `full` the engine's own words. */
  time: { text: string; full: string } | null;
  camera: { camera: string | null; lens: string | null } | null;
  /** "ƒ/4", "1/250 s", "ISO 800", "24 mm (35 mm: 38 mm)", "flash fired". */
  exposure: ExposurePart[];
  place: { name: string | null; coordinates: string | null; altitude: string | null } | null;
  description: {
    title: string | null;
    caption: string | null;
    /** Each keyword as its path: "Places|Japan|Kyoto" → ["Places", "Japan", "Kyoto"]. */
    keywords: string[][];
    /** 1–5 stars; null when unrated. */
    rating: number | null;
  } | null;
};

type Kind = Fact["value"]["kind"];

/** The keys this layout shows, with the kinds of value it can read. */
const KNOWN: Record<string, Kind[]> = {
  taken: ["timestamp"],
  camera: ["text"],
  lens: ["text"],
  focal_length: ["real", "integer"],
  focal_length_35: ["real", "integer"],
  aperture: ["real", "integer"],
  exposure: ["real", "integer"],
  iso: ["integer", "real"],
  flash: ["text"],
  gps: ["geo_point"],
  altitude: ["real", "integer"],
  place: ["text"],
  title: ["text"],
  caption: ["text"],
  keywords: ["list"],
  embedded_rating: ["integer"],
};

const withUnit = (f: Fact, fallback = "") => {
  const unit = f.unit ?? fallback;
  return unit ? `${f.text} ${unit}` : f.text;
};

/** "Fired" → "flash fired"; "Did not fire" → "flash did not fire". */
const flashText = (text: string) => `flash ${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** Splits the facts into what the photo-info layout shows and the rest. */
export function readPhotoInfo(facts: Fact[]): { info: PhotoInfo | null; rest: Fact[] } {
  const known = new Map<string, Fact>();
  const rest: Fact[] = [];
  for (const f of facts) {
    if (KNOWN[f.key]?.includes(f.value.kind) && !known.has(f.key)) known.set(f.key, f);
    else rest.push(f);
  }
  const get = (key: string) => known.get(key);

  const taken = get("taken");
  const time =
    taken && taken.value.kind === "timestamp"
      ? { text: formatTaken(taken.value.utc_ms, taken.value.offset_minutes), full: taken.text }
      : null;

  const cameraName = get("camera")?.text ?? null;
  const lens = get("lens")?.text ?? null;
  const camera = cameraName || lens ? { camera: cameraName, lens } : null;

  const exposure: ExposurePart[] = [];
  const aperture = get("aperture");
  if (aperture) exposure.push({ key: "aperture", label: aperture.label, text: aperture.text.replace(/^f\//i, "ƒ/").replace(/^(?!ƒ)/, "ƒ/") });
  const shutter = get("exposure");
  if (shutter) exposure.push({ key: "exposure", label: shutter.label, text: withUnit(shutter, "s") });
  const iso = get("iso");
  if (iso) exposure.push({ key: "iso", label: iso.label, text: `ISO ${iso.text}` });
  const focal = get("focal_length");
  const focal35 = get("focal_length_35");
  if (focal) {
    const equivalent = focal35 ? ` (35 mm: ${withUnit(focal35, "mm")})` : "";
    exposure.push({ key: "focal_length", label: focal.label, text: `${withUnit(focal, "mm")}${equivalent}` });
  } else if (focal35) {
    exposure.push({ key: "focal_length_35", label: focal35.label, text: `35 mm: ${withUnit(focal35, "mm")}` });
  }
  const flash = get("flash");
  if (flash) exposure.push({ key: "flash", label: flash.label, text: flashText(flash.text) });

  const gps = get("gps");
  const coordinates = gps && gps.value.kind === "geo_point" ? formatCoordinates(gps.value.latitude, gps.value.longitude) : null;
  const altitude = get("altitude");
  const placeName = get("place")?.text ?? null;
  const place = placeName || coordinates || altitude ? { name: placeName, coordinates, altitude: altitude ? withUnit(altitude, "m") : null } : null;

  const title = get("title")?.text || null;
  const caption = get("caption")?.text || null;
  const list = get("keywords");
  const keywords = list && list.value.kind === "list" ? list.value.items.filter((k) => k.trim()).map((k) => k.split("|").filter(Boolean)) : [];
  const stars = get("embedded_rating");
  const rating = stars && stars.value.kind === "integer" && stars.value.integer >= 1 ? Math.min(5, stars.value.integer) : null;
  const description = title || caption || keywords.length > 0 || rating !== null ? { title, caption, keywords, rating } : null;

  const info = time || camera || exposure.length > 0 || place || description ? { time, camera, exposure, place, description } : null;
  return { info, rest };
}
