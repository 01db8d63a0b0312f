// An in-memory stand-in for the Rust backend, for `npm run dev` in a plain
// browser (mock.html) and for the UI tests. Not part of the production build.
import type {
  Album,
  AlbumCount,
  AlbumEdit,
  Availability,
  DuplicateGroup,
  ExportFailure,
  ExportReport,
  Fact,
  FailedJob,
  Group,
  HandlerStatus,
  HistoryEntry,
  HistoryStep,
  ImportSummary,
  ItemHistory,
  LibrarySettings,
  Mark,
  Marks,
  Note,
  PendingWork,
  Progress,
  RemovalReport,
  Resource,
  ResourceDetails,
  SearchHelp,
  SortOrder,
  Tile,
  TilePage,
  TileQuery,
  TileState,
  TimelineDay,
  UndoState,
  VerifyProblem,
  VerifyReport,
  WatchedFolder,
} from "../bindings";
import { DEFAULT_EXCLUDES } from "../bindings";
import { mayHaveAlpha } from "../fileTypes";
import { describeMark, itemsWord } from "../marks";
import { parseDateRange, periodDays } from "../query";
import { BUILT_IN_SORTS, isDateSort } from "../sorts";

type Item = {
  id: number;
  /** Which sample it is: its metadata follows from this. */
  seq: number;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  created: number;
  tags: string[];
  state: TileState;
  availability: Availability;
  rev: number;
  description: string;
  /** One of the SPECIMENS, when the item is one. */
  specimen: Specimen | null;
  /** The item it belongs to: a raw file paired with the JPEG of its shot. */
  companionOf: number | null;
  /** The person's rating, label and flag. */
  marks: Marks;
  /** When it was moved to the Trash (ms); null outside it. */
  trashedAt: number | null;
};

const NO_MARKS: Marks = { rating: 0, label: null, flag: null };

/** One change an action made to one item, to be undone or redone on it;
 * `what` says it as the item's history does ("Rating changed"). */
type Change = { id: number; apply: (it: Item, undo: boolean) => void; what?: string };
/** A step of the undo history, as the engine records it: its label and its
 * changes; `library` undoes (true) or redoes what it changed of the library
 * itself rather than of its items (an album). */
type Step = { label: string; changes: Change[]; library?: (undo: boolean) => void };
/** An action as the engine's outbox keeps it for items' histories: its
 * correlation id, its label, and one event per item it touched. */
type Logged = { correlation: string; title: string; at: number; events: Array<{ id: number; eventId: number; what: string }> };

/** A correlation id shaped like the engine's UUIDs, the same for the same seed. */
function fakeUuid(seed: number): string {
  const word = (salt: number) => (Math.imul(seed + salt, 0x9e3779b1) ^ Math.imul(seed ^ salt, 0x85ebca6b)) >>> 0;
  const hex = [word(1), word(2), word(3), word(4)].map((w) => w.toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A thrown search error (a plain string) as the shell's refusal of a bad query. */
function invalidInput(e: unknown): { kind: "invalid_input"; message: string; detail: null } {
  return { kind: "invalid_input", message: typeof e === "string" ? e : String((e as { message?: unknown })?.message ?? e), detail: null };
}

/** The marks as the engine lists them among the facts too, under "Your marks". */
function markFacts(marks: Marks): Fact[] {
  const facts: Fact[] = [];
  const mark = (key: string, label: string, value: Fact["value"], text: string) => facts.push(fact(key, label, "Your marks", value, text, null, "person"));
  if (marks.rating > 0) mark("rating", "Rating", { kind: "integer", integer: marks.rating }, String(marks.rating));
  if (marks.label) mark("label", "Colour label", { kind: "text", text: marks.label }, marks.label);
  if (marks.flag) mark("flag", "Flag", { kind: "text", text: marks.flag }, marks.flag);
  return facts;
}

/** `5`, `>=4`, `<3`, `3..5`, `..2`: a number or range, as the engine reads one. */
function numberRange(value: string): ((n: number) => boolean) | null {
  const dots = /^(\d*)\.\.(\d*)$/.exec(value);
  if (dots && (dots[1] || dots[2])) {
    const [lo, hi] = [dots[1] ? Number(dots[1]) : -Infinity, dots[2] ? Number(dots[2]) : Infinity];
    return (n) => n >= lo && n <= hi;
  }
  const m = /^(>=|<=|>|<)?(\d+)$/.exec(value);
  if (!m) return null;
  const v = Number(m[2]);
  return { ">=": (n: number) => n >= v, "<=": (n: number) => n <= v, ">": (n: number) => n > v, "<": (n: number) => n < v, "": (n: number) => n === v }[m[1] ?? ""]!;
}

const HANDLERS = ["hash", "thumbnail", "phash", "metadata"];

// --- sample metadata, shaped as the metadata handler sends it ---

type Place = { name: string; latitude: number; longitude: number; altitude: number; offset: number };
const PLACES: Place[] = [
  { name: "Kyoto, Kyoto, Japan", latitude: 35.0116, longitude: 135.7681, altitude: 52, offset: 540 },
  { name: "Lisbon, Lisbon, Portugal", latitude: 38.7223, longitude: -9.1393, altitude: 11, offset: 60 },
  { name: "New York City, New York, United States", latitude: 40.7128, longitude: -74.006, altitude: 10, offset: -240 },
];

type Camera = { name: string; lens: string; focal: number[]; crop: number; apertures: number[]; offset: boolean };
const CAMERAS: Camera[] = [
  { name: "Canon EOS 5D Mark II", lens: "EF24-105mm f/4L IS USM", focal: [24, 50, 105], crop: 1, apertures: [4, 5.6, 8], offset: true },
  // This one writes no UTC offset: its times are "floating" wall-clock times.
  { name: "FUJIFILM X-T3", lens: "XF18-55mmF2.8-4 R LM OIS", focal: [18, 35, 55], crop: 1.53, apertures: [2.8, 4, 11], offset: false },
  { name: "Apple iPhone 12", lens: "iPhone 12 back dual wide camera 4.2mm f/1.6", focal: [4.2], crop: 6.2, apertures: [1.6], offset: true },
];
const EXPOSURES = [1 / 250, 1 / 60, 1 / 1000, 1 / 30, 2];
/** Per place, as PLACES lists them. */
const TITLES = ["Evening at the temple", "Tram 28", "Morning run in the park"];
const KEYWORDS = [["Places|Japan|Kyoto", "temple", "autumn"], ["Places|Portugal|Lisbon", "tram"], ["Places|USA|New York", "street"]];

/** What a sample's file would carry, cheap enough to read for a search over every item. */
type Meta = {
  taken: { utc: number; offset: number | null } | null;
  camera: Camera | null;
  place: Place | null;
  gps: boolean;
  video: boolean;
};

function meta(it: Item): Meta {
  // Raw files (image/x-…) carry their camera's EXIF as a JPEG does; a HEIC is a phone's.
  const jpeg = it.type === "image/jpeg" || it.type.startsWith("image/x-");
  const phone = it.type === "image/webp" || it.type === "image/heif";
  const video = it.type.startsWith("video/");
  // Screenshots (PNG), documents and text carry nothing.
  if (!jpeg && !phone && !video) return { taken: null, camera: null, place: null, gps: false, video: false };
  const camera = video ? null : phone ? CAMERAS[2] : CAMERAS[it.seq % 2];
  const place = PLACES[it.seq % PLACES.length];
  // Spread over 2019–2023, at a plausible time of day, in the place's offset.
  const local = Date.UTC(2019, 0, 1) + ((it.seq * 53) % 1700) * 86400_000 + (7 + ((it.seq * 5) % 14)) * 3600_000 + ((it.seq * 13) % 60) * 60_000 + ((it.seq * 29) % 60) * 1000;
  const offset = camera && !camera.offset ? null : place.offset;
  return { taken: { utc: local - (offset ?? 0) * 60_000, offset }, camera, place, gps: it.seq % 4 !== 3, video };
}

/** "YYYY-MM-DD" of wall-clock milliseconds (read as if UTC). */
const localDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const pad2 = (n: number) => String(Math.abs(n)).padStart(2, "0");

/** "2019-07-14 18:42:07 +02:00", as the engine writes a timestamp. */
function takenText(utc: number, offset: number | null): string {
  const t = new Date(utc + (offset ?? 0) * 60_000).toISOString();
  const zone = offset === null ? "" : ` ${offset < 0 ? "-" : "+"}${pad2(Math.trunc(offset / 60))}:${pad2(offset % 60)}`;
  return `${t.slice(0, 10)} ${t.slice(11, 19)}${zone}`;
}

/** The item's date as the engine sorts and groups by it: when it was taken
 * (wall-clock, in its own offset), else when it was added. */
function itemDate(it: Item): number {
  const taken = meta(it).taken;
  return taken ? taken.utc + (taken.offset ?? 0) * 60_000 : it.created;
}

function fact(key: string, label: string, group: string, value: Fact["value"], text: string, unit: string | null = null, source = "metadata"): Fact {
  const iso8601 = value.kind === "timestamp" ? text.replace(" ", "T").replace(" ", "") : null;
  return { key, label, group, unit, value, text, iso8601, source };
}

function isoOf(it: Item): number | null {
  const m = meta(it);
  return m.camera ? 100 * 2 ** (it.seq % 5) : null;
}

/** Sample facts, in the metadata handler's declaration order. */
function fakeFacts(it: Item): Fact[] {
  const m = meta(it);
  const facts: Fact[] = [];
  const { seq } = it;
  if (m.taken) facts.push(fact("taken", "Date taken", "Time", { kind: "timestamp", utc_ms: m.taken.utc, offset_minutes: m.taken.offset }, takenText(m.taken.utc, m.taken.offset)));
  const cam = m.camera;
  if (cam) {
    const focal = cam.focal[seq % cam.focal.length];
    const aperture = cam.apertures[seq % cam.apertures.length];
    const exposure = EXPOSURES[seq % EXPOSURES.length];
    const iso = isoOf(it)!;
    facts.push(fact("camera", "Camera", "Camera", { kind: "text", text: cam.name }, cam.name));
    facts.push(fact("lens", "Lens", "Camera", { kind: "text", text: cam.lens }, cam.lens));
    facts.push(fact("focal_length", "Focal length", "Exposure", { kind: "real", real: focal }, String(focal), "mm"));
    const equivalent = Math.round(focal * cam.crop);
    if (cam.crop !== 1) facts.push(fact("focal_length_35", "35 mm equivalent", "Exposure", { kind: "real", real: equivalent }, String(equivalent), "mm"));
    facts.push(fact("aperture", "Aperture", "Exposure", { kind: "real", real: aperture }, `f/${aperture}`));
    facts.push(fact("exposure", "Exposure", "Exposure", { kind: "real", real: exposure }, exposure >= 1 ? String(exposure) : `1/${Math.round(1 / exposure)}`, "s"));
    facts.push(fact("iso", "ISO", "Exposure", { kind: "integer", integer: iso }, String(iso)));
    facts.push(fact("flash", "Flash", "Exposure", { kind: "text", text: seq % 5 === 3 ? "Fired" : "Did not fire" }, seq % 5 === 3 ? "Fired" : "Did not fire"));
  }
  if (m.place && m.gps) {
    const p = m.place;
    facts.push(fact("gps", "Location", "Place", { kind: "geo_point", latitude: p.latitude, longitude: p.longitude }, `${p.latitude}, ${p.longitude}`));
    facts.push(fact("altitude", "Altitude", "Place", { kind: "real", real: p.altitude }, String(p.altitude), "m"));
    facts.push(fact("place", "Place", "Place", { kind: "text", text: p.name }, p.name));
  }
  if (cam && seq % 6 === 1) facts.push(fact("orientation", "Orientation", "Image", { kind: "text", text: "Rotated 90° clockwise" }, "Rotated 90° clockwise"));
  if (cam && seq % 3 === 0) {
    const title = TITLES[seq % PLACES.length];
    const keywords = KEYWORDS[seq % PLACES.length];
    facts.push(fact("title", "Title", "Description", { kind: "text", text: title }, title));
    facts.push(fact("caption", "Caption", "Description", { kind: "text", text: `${title}, before the crowds.` }, `${title}, before the crowds.`));
    facts.push(fact("keywords", "Keywords", "Description", { kind: "list", items: keywords }, keywords.join(", ")));
    facts.push(fact("embedded_rating", "Rating", "Description", { kind: "integer", integer: 1 + (seq % 5) }, String(1 + (seq % 5))));
  }
  if (m.video) {
    const ms = 5_000 + ((seq * 7919) % 170_000);
    facts.push(fact("duration", "Duration", "Media", { kind: "duration", ms }, `${Math.floor(ms / 60_000)}:${pad2(Math.floor(ms / 1000) % 60)}`));
    facts.push(fact("frame_rate", "Frame rate", "Media", { kind: "real", real: 29.97 }, "29.97", "fps"));
    facts.push(fact("codec", "Codec", "Media", { kind: "text", text: "H.264" }, "H.264"));
  }
  // Another handler's fact the page has no place for: the generic list shows it.
  if (cam === CAMERAS[0]) facts.push(fact("shutter_count", "Shutter count", "Camera", { kind: "integer", integer: 40_000 + seq }, String(40_000 + seq), null, "makernotes"));
  if (it.specimen) facts.push(...(it.specimen.facts ?? []));
  else if (it.type === "application/pdf") {
    const pages = 1 + (seq % 12);
    facts.push(fact("pages", "Pages", "Document", { kind: "integer", integer: pages }, String(pages)));
    facts.push(documentFact(`Scan ${seq}\n\nReceipt for ${WORDS[seq % WORDS.length]} supplies.\nTotal: ${(seq * 3.7).toFixed(2)} EUR\n`));
  } else if (it.type === "text/plain") {
    facts.push(documentFact(`${WORDS[seq % WORDS.length]} notes\n\n- ${WORDS[(seq * 7) % WORDS.length]}\n- ${WORDS[(seq * 3) % WORDS.length]}\n`));
  }
  return facts;
}

/** The keywords a sample's file carries (IPTC, XMP), as its facts list them. */
function embeddedKeywords(it: Item): string[] {
  const keywords = fakeFacts(it).find((f) => f.key === "keywords")?.value;
  return keywords?.kind === "list" ? keywords.items : [];
}

// --- files of the kinds the engine learned to read lately ---

/** What the engine sends of a document's words: its first 4 KB, line breaks kept,
 * with a flattened 200-character excerpt for display. */
const EXCERPT_BYTES = 4096;
const utf8 = new TextEncoder();

function documentFact(words: string): Fact {
  // No fewer bytes than characters: cut to as many characters, then to bytes.
  let text = words.slice(0, EXCERPT_BYTES);
  while (utf8.encode(text).length > EXCERPT_BYTES) text = text.slice(0, -1);
  const flat = text.split(/\s+/).filter(Boolean).join(" ");
  const excerpt = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  return fact("text", "Text", "Document", { kind: "document", text }, excerpt, null, "document");
}

function songFacts(song: { title?: string; artist?: string; album?: string; genre?: string; year?: number; ms: number }): Fact[] {
  const facts: Fact[] = [];
  const text = (key: string, label: string, group: string, value?: string) => value && facts.push(fact(key, label, group, { kind: "text", text: value }, value));
  text("title", "Title", "Description", song.title);
  facts.push(fact("duration", "Duration", "Media", { kind: "duration", ms: song.ms }, `${Math.floor(song.ms / 60_000)}:${pad2(Math.floor(song.ms / 1000) % 60)}`));
  text("artist", "Artist", "Music", song.artist);
  text("album", "Album", "Music", song.album);
  text("genre", "Genre", "Music", song.genre);
  if (song.year) facts.push(fact("year", "Year", "Music", { kind: "integer", integer: song.year }, String(song.year)));
  return facts;
}

type Specimen = {
  name: string;
  type: string;
  size: number;
  width?: number;
  height?: number;
  /** Whether the engine could make a picture of it (raw previews, cover art, a PDF's first page). */
  thumbnail: boolean;
  facts?: Fact[];
  nameMismatch?: string;
  mediaNote?: string;
  /** The raw file beside it, for a RAW+JPEG pair: a resource of its own,
   * shown as part of this one. */
  companion?: Specimen;
};

const ITINERARY = `Kyoto trip itinerary
14–18 November

Day 1 — Arrival
	Land at KIX 09:40, Haruka express to Kyoto Station.
	Check in at the ryokan in Higashiyama after 15:00.

Day 2 — Temples
	Kiyomizu-dera early, before the crowds.
	Walk down Sannenzaka to Yasaka Shrine.

Day 3 — Arashiyama
	Bamboo grove at 07:30, then the river by boat.
`;

const LOG = Array.from({ length: 120 }, (_, i) => `2023-11-14 08:${pad2(Math.floor(i / 2))}:${pad2((i * 29) % 60)} INFO  sync: copied IMG_${4800 + i}.HEIC (${(1.8 + (i % 7) * 0.3).toFixed(1)} MB)`).join("\n");

/** One of each new kind, at fixed places in the sample library (items 15–28),
 * so the dev page and the tests show them next to the photos. */
const SPECIMENS_FROM = 14;
const SPECIMENS: Specimen[] = [
  { name: "IMG_4821.HEIC", type: "image/heif", size: 2_310_455, width: 4032, height: 3024, thumbnail: true },
  { name: "sunrise-0042.dng", type: "image/x-adobe-dng", size: 25_118_020, width: 6000, height: 4000, thumbnail: true },
  {
    name: "IMG_0107.CR3",
    type: "image/x-canon-cr3",
    size: 31_554_210,
    thumbnail: false,
    mediaNote: "no thumbnail: this raw file carries no preview image, and developing raw sensor data is not supported yet",
  },
  {
    name: "Kyoto itinerary.pdf",
    type: "application/pdf",
    size: 184_220,
    thumbnail: true,
    facts: [
      fact("pages", "Pages", "Document", { kind: "integer", integer: 3 }, "3"),
      fact("title", "Title", "Description", { kind: "text", text: "Kyoto trip itinerary" }, "Kyoto trip itinerary"),
      fact("author", "Author", "Document", { kind: "text", text: "Sam Rivera" }, "Sam Rivera"),
      documentFact(ITINERARY),
    ],
  },
  { name: "packing-list.txt", type: "text/plain", size: 96, thumbnail: false, facts: [documentFact("Packing list\n\n- passport\n- rail pass\n- charger (type A)\n- rain jacket\n")] },
  {
    name: "expenses-2023.csv",
    type: "text/csv",
    size: 142,
    thumbnail: false,
    facts: [documentFact("date,what,amount\n2023-11-14,ryokan,42000\n2023-11-15,temple entry,1000\n2023-11-16,boat,4100\n")],
  },
  { name: "README.md", type: "text/markdown", size: 210, thumbnail: false, facts: [documentFact("# Trip photos\n\nThe best of each day are tagged **favourite**.\nRaw files are in `raw/`.\n")] },
  { name: "sync.log", type: "text/plain", size: LOG.length, thumbnail: false, facts: [documentFact(LOG)] },
  {
    name: "screenshot-0412.png",
    type: "text/plain",
    size: 162,
    thumbnail: false,
    nameMismatch: "named .png, but it is a text file",
    facts: [documentFact("404 Not Found\n\nThe requested URL /shots/0412.png was not found on this server.\n")],
  },
  {
    name: "03 Harbour Lights.mp3",
    type: "audio/mpeg",
    size: 8_912_004,
    thumbnail: true,
    facts: songFacts({ title: "Harbour Lights", artist: "The Low Tides", album: "Salt & Static", genre: "Indie", year: 2019, ms: 222_000 }),
  },
  {
    name: "rain-on-the-roof.flac",
    type: "audio/x-flac",
    size: 61_300_112,
    thumbnail: false,
    mediaNote: "no thumbnail: the sound file has no cover art",
    facts: songFacts({ ms: 725_000 }),
  },
  { name: "untitled.txt", type: "application/x-empty", size: 0, thumbnail: false },
  { name: "camera-settings.dat", type: "application/octet-stream", size: 4_096, thumbnail: false },
  // Item 28 is the Fujifilm's (seq 27 is odd): a JPEG with the raw file of the same shot.
  {
    name: "DSCF5120.JPG",
    type: "image/jpeg",
    size: 6_204_118,
    width: 6240,
    height: 4160,
    thumbnail: true,
    companion: { name: "DSCF5120.RAF", type: "image/x-fuji-raf", size: 33_871_602, width: 6240, height: 4160, thumbnail: true },
  },
];

/** Whether the engine has a picture of it: images, videos and PDFs (their first
 * page) do; text never does; a specimen says for itself. */
/** Whether its pictures keep transparency (the engine stores those as PNG):
 * some of the pictures of the formats that can have it, not all. */
function seeThrough(it: Item): boolean {
  return mayHaveAlpha(it.type) && it.seq % 2 === 0;
}

function hasPicture(it: Item): boolean {
  if (it.specimen) return it.specimen.thumbnail;
  return it.type.startsWith("image/") || it.type.startsWith("video/") || it.type === "application/pdf";
}

const FAKE_SEARCH_HELP: SearchHelp = {
  filters: [
    { name: "tag", about: "items with this tag", value: "a tag; quote names with spaces" },
    { name: "type", about: "items of this kind", value: "image, video, audio, text, document, archive, other" },
    { name: "size", about: "file size", value: "a size or range, e.g. >10MB, 1MB..5MB" },
    { name: "iso", about: "ISO", value: "a number or range, e.g. 100, >=400, 2..8" },
    { name: "taken", about: "Date taken", value: "a date or range, e.g. 2024, 2024-05, 2024-01..2024-06" },
    { name: "camera", about: "Camera", value: "words of its name, e.g. canon or \"eos 5d\"" },
    { name: "in", about: "items in the Trash, which searches otherwise leave out", value: "trash" },
    { name: "rating", about: "the stars you gave it, 1 to 5", value: "a number or range, e.g. 5, >=4, 3..5" },
    { name: "label", about: "red, yellow, green, blue or purple", value: "a colour, e.g. red" },
    { name: "flag", about: "pick or reject", value: "pick or reject" },
  ],
  sorts: [
    ...BUILT_IN_SORTS,
    { sort: "iso:desc", label: "ISO, highest first" },
    { sort: "iso:asc", label: "ISO, lowest first" },
    { sort: "rating:desc", label: "Rating, highest first" },
    { sort: "rating:asc", label: "Rating, lowest first" },
  ],
};
const WORDS = ["beach", "sunset", "city", "forest", "family", "trip", "receipt", "scan", "cat", "mountain", "river", "party"];
const TYPES = ["image/jpeg", "image/jpeg", "image/png", "image/webp", "video/mp4", "application/pdf", "text/plain"];

export class FakeBackend {
  /** What the listings show, besides the raw files of pairs (below). */
  items: Item[] = [];
  /** Raw files paired with an item: resources of their own (in byId), left
   * out of every listing while `raw_jpeg_pairs` is on, listed as items of
   * their own while it is off (the pair stays recorded either way, as the
   * engine keeps it). */
  companions: Item[] = [];
  /** The engine's defaults; `set_settings` changes them for this session. */
  settings: LibrarySettings = { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 };
  byId = new Map<number, Item>();
  groups: Group[] = [];
  notes: Note[] = [];
  folders: WatchedFolder[] = [];
  /** What `watch_problems` answers; tests set it. */
  watchProblems: string[] = [];
  failures: FailedJob[] = [];
  paused = false;
  lastEventId = 1;
  nextId = 1;
  done: Record<string, number> = {};
  pending: Record<string, number> = {};
  perSecond = 0;
  clock = 1_700_000_000_000;
  emit: (event: string, payload: unknown) => void = () => {};
  /** What `verify_library` finds: a copy in the store that lost its bytes
   * (its original still has them), a watched file edited outside the
   * library, and a copy in the store that no item owns. */
  damaged = new Set<number>();
  editedOnDisk = new Set<number>();
  strayCopies: Array<{ path: string; size: number }> = [];
  /** How long each of a check's four steps takes; tests shorten it. */
  verifyStepMs = 150;
  /** The folder `export_items`'s picker answers; null: the person cancels. */
  exportPick: string | null = "/home/me/Exports";
  /** How long each of an export's four steps takes; tests shorten it. */
  exportStepMs = 150;
  /** What each export folder holds already (resource ids): a re-run into it skips them. */
  exportedTo = new Map<string, Set<number>>();
  /** What the person picks in `restore_copy`'s file picker. */
  restorePick: "the same file" | "another file" | "nothing" = "the same file";
  /** The undo history, oldest first; `done` of its steps are done (the rest were undone). */
  history: Step[] = [];
  historyAt = 0;
  /** Every action a person took (undo and redo too), oldest first: what items' histories tell. */
  actionLog: Logged[] = [];
  /** Smart albums: saved searches, in the order made. */
  albumList: Album[] = [];
  nextAlbumId = 1;
  /** Groups the hash handlers turned up later (hashesFound), by item ids. */
  foundDuplicates: Array<{ kind: DuplicateGroup["kind"]; ids: number[] }> = [];

  constructor(count: number, options: { busy?: boolean } = {}) {
    for (const h of HANDLERS) {
      this.done[h] = count;
      this.pending[h] = 0;
    }
    for (let i = 0; i < count; i++) this.add(this.makeItem(i));
    if (options.busy) {
      for (const it of this.items.slice(0, Math.min(40, count))) it.state = "waiting";
      for (const it of this.items.slice(0, Math.min(4, count))) it.state = "processing";
      this.pending.thumbnail = 40;
      this.perSecond = 12;
    }
    if (count > 7) {
      this.items[7].state = "failed";
      this.failures.push(this.failure(this.items[7], "thumbnail", "unsupported JPEG marker 0xC3"));
      this.items[5].availability = "missing";
    }
    this.groups.push(this.group("Holidays 2023", this.items.slice(0, 6).map((r) => r.id)));
    this.notes.push(this.note("Trip planning", "Which of these go in the album?", this.items.slice(2, 5).map((r) => r.id)));
    this.folders.push({
      id: 1,
      path: "/home/me/Pictures/Camera",
      rules: { include: [], exclude: [...DEFAULT_EXCLUDES, "*.xmp"] },
      online: true,
      added_at: this.clock - 86400_000,
      last_reconciled_at: this.clock - 600_000,
      resource_count: Math.floor(count / 3),
      missing_count: 2,
    });
    if (count > 9) {
      // Item 2 is a copy in the store (resource() puts every third in the folder), item 9 a watched file.
      this.damaged.add(this.items[1].id);
      this.editedOnDisk.add(this.items[8].id);
      this.strayCopies.push({ path: "files/7f/7f3a9c0e5b2d41aa8c1e.jpg", size: 2_480_133 });
    }
  }

  private makeItem(i: number): Item {
    const specimen = SPECIMENS[i - SPECIMENS_FROM];
    if (specimen) {
      const item = this.rotationItem(i);
      return { ...item, name: specimen.name, type: specimen.type, size: specimen.size, width: specimen.width ?? null, height: specimen.height ?? null, specimen };
    }
    return this.rotationItem(i);
  }

  private rotationItem(i: number): Item {
    const type = TYPES[i % TYPES.length];
    const ext = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "video/mp4": "mp4", "application/pdf": "pdf", "text/plain": "txt" }[type];
    const image = type.startsWith("image/");
    return {
      id: this.nextId++,
      seq: i,
      name: `${WORDS[i % WORDS.length]}-${WORDS[(i * 7) % WORDS.length]}-${String(i).padStart(5, "0")}.${ext}`,
      type,
      size: 20_000 + ((i * 7919) % 9_000_000),
      width: image ? 800 + (i % 5) * 400 : null,
      height: image ? 600 + (i % 3) * 300 : null,
      created: this.clock - i * 3_600_000,
      tags: i % 4 === 0 ? [WORDS[i % WORDS.length]] : [],
      state: "ready",
      availability: "present",
      rev: 1,
      description: "",
      specimen: null,
      companionOf: null,
      marks: { ...NO_MARKS },
      trashedAt: null,
    };
  }

  private add(item: Item) {
    this.items.push(item);
    this.byId.set(item.id, item);
    const raw = item.specimen?.companion;
    if (raw) {
      // The same shot: its metadata (by seq), dates and state are the JPEG's.
      const companion: Item = { ...item, id: this.nextId++, name: raw.name, type: raw.type, size: raw.size, width: raw.width ?? null, height: raw.height ?? null, tags: [], specimen: raw, companionOf: item.id, marks: { ...NO_MARKS } };
      this.companions.push(companion);
      this.byId.set(companion.id, companion);
    }
  }

  /** What the listings, the timeline and the duplicates look through: the
   * Trash left out, as everywhere but `in:trash` and the Trash itself. */
  private shown(): Item[] {
    return this.listable().filter((it) => it.trashedAt === null);
  }

  /** Every item a listing can show, in the Trash or not. */
  private listable(): Item[] {
    return this.settings.raw_jpeg_pairs ? this.items : [...this.items, ...this.companions];
  }

  /** Attached files, as the engine reports them: only while pairs show as one item. */
  private companionsOf(id: number): Item[] {
    if (!this.settings.raw_jpeg_pairs) return [];
    return this.companions.filter((c) => c.companionOf === id);
  }

  private group(name: string, ids: number[]): Group {
    return { id: this.groups.length + 1, name, description: "", resource_ids: ids, created_at: this.clock, updated_at: this.clock };
  }

  private note(title: string, text: string, ids: number[]): Note {
    return { id: this.notes.length + 1, title, text, resource_ids: ids, group_ids: [], created_at: this.clock, updated_at: this.clock };
  }

  private failure(item: Item, handler: string, error: string): FailedJob {
    return {
      job_id: 1000 + this.failures.length,
      handler,
      state: "failed",
      event_id: 1,
      event_type: "resource.created",
      correlation_id: "c",
      resource_id: item.id,
      resource_name: item.name,
      attempts: 3,
      error,
      detail: `${handler} said: ${error}`,
      first_failed_at: this.clock - 60_000,
      last_failed_at: this.clock - 30_000,
      next_attempt_at: null,
    };
  }

  changed() {
    this.lastEventId++;
  }

  // --- search ---

  private match(query: string): (it: Item) => boolean {
    const tests: Array<(it: Item) => boolean> = [];
    const re = /(-?)(?:(\w+):)?("([^"]*)"|\S+)/g;
    const quotes = [...query].filter((c) => c === '"').length;
    if (quotes % 2 === 1) throw `this quote is never closed (at character ${query.lastIndexOf('"') + 1})`;
    for (const m of query.matchAll(re)) {
      const negated = m[1] === "-";
      const field = m[2]?.toLowerCase();
      const value = (m[4] ?? m[3]).toLowerCase();
      let t: (it: Item) => boolean;
      if (field === "type") t = (it) => it.type.startsWith(`${value}/`);
      else if (field === "tag") t = (it) => it.tags.some((x) => x.toLowerCase() === value);
      else if (field === "group") t = (it) => this.groups.some((g) => g.name.toLowerCase() === value && g.resource_ids.includes(it.id));
      else if (field === "size" || field === "created" || field === "date") t = () => true;
      else if (field === "taken") {
        const range = parseDateRange(value);
        if (!range) throw `\`${value}\` is not a date such as 2024, 2024-05 or 2024-05-17 (at character ${(m.index ?? 0) + 7})`;
        const [from, to] = [range.from && periodDays(range.from)[0], range.to && periodDays(range.to)[1]];
        t = (it) => {
          const taken = meta(it).taken;
          if (!taken) return false;
          const day = localDay(taken.utc + (taken.offset ?? 0) * 60_000);
          return (!from || day >= from) && (!to || day <= to);
        };
      } else if (field === "camera") t = (it) => meta(it).camera?.name.toLowerCase().includes(value) ?? false;
      else if (field === "iso") t = (it) => isoOf(it) === Number(value);
      else if (field === "rating") {
        const range = numberRange(value);
        if (!range) throw `\`${value}\` is not a number or range such as 5, >=4 or 3..5 (at character ${(m.index ?? 0) + 8})`;
        // Unrated items have no rating fact: no range finds them.
        t = (it) => it.marks.rating > 0 && range(it.marks.rating);
      } else if (field === "label") t = (it) => it.marks.label === value;
      else if (field === "flag") t = (it) => it.marks.flag === value;
      else if (field === "in") {
        // Which side of the Trash is looked through is the listing's (list()).
        if (value !== "trash" || negated) throw `\`in:\` takes one value, \`trash\`: the items in the Trash (at character ${(m.index ?? 0) + 4})`;
        t = () => true;
      } else if (field) throw `unknown filter \`${field}:\` (at character ${(m.index ?? 0) + 1})`;
      else t = (it) => it.name.toLowerCase().includes(value);
      tests.push(negated ? (it) => !t(it) : t);
    }
    return (it) => tests.every((t) => t(it));
  }

  private sorted(items: Item[], sort: SortOrder): Item[] {
    if (isDateSort(sort)) {
      // By the item's date, as the engine's index (date, id) does.
      const date = new Map(items.map((it) => [it.id, itemDate(it)]));
      const sign = sort === "newest" ? -1 : 1;
      return items.slice().sort((a, b) => sign * (date.get(a.id)! - date.get(b.id)! || a.id - b.id));
    }
    const by: Record<string, (a: Item, b: Item) => number> = {
      relevance: (a, b) => b.created - a.created,
      name: (a, b) => a.name.localeCompare(b.name),
      largest: (a, b) => b.size - a.size,
      smallest: (a, b) => a.size - b.size,
    };
    const [key, direction] = sort.split(":");
    if (direction) {
      // A fact sort, as the engine does it: those without the fact last.
      const value = (it: Item) => (key === "iso" ? isoOf(it) : key === "rating" ? it.marks.rating || null : null);
      const sign = direction === "desc" ? -1 : 1;
      return items.slice().sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
        return sign * (x - y);
      });
    }
    return items.slice().sort(by[sort] ?? by.relevance);
  }

  private lastList: { key: string; list: Item[]; eventId: number } | null = null;

  /** What `query` finds, unsorted; throws the search's own words when it does not run. */
  private found(query: string): Item[] {
    // The Trash is left out of every search but the one that asks for it.
    const inTrash = /(^|\s)in:trash(?=\s|$)/i.test(query);
    const shown = this.listable().filter((it) => (it.trashedAt !== null) === inTrash);
    return query.trim() ? shown.filter(this.match(query)) : shown;
  }

  private list(query: string, sort: SortOrder): Item[] {
    const key = `${sort}\n${query}`;
    if (!this.lastList || this.lastList.key !== key || this.lastList.eventId !== this.lastEventId) {
      this.lastList = { key, list: this.sorted(this.found(query), sort), eventId: this.lastEventId };
    }
    return this.lastList.list;
  }

  listTiles(q: TileQuery): TilePage {
    const list = this.list(q.query, q.sort);
    return { total: list.length, tiles: list.slice(q.offset, q.offset + q.limit).map((it) => this.tile(it)) };
  }

  /** Items per local day, in the order list_tiles gives them. */
  timeline(query: string, sort: SortOrder): TimelineDay[] {
    if (!isDateSort(sort)) throw `the timeline follows the date sorts (newest, oldest), not ${sort}`;
    const days: TimelineDay[] = [];
    for (const it of this.list(query, sort)) {
      const day = localDay(itemDate(it));
      const last = days[days.length - 1];
      if (last && last.day === day) last.count++;
      else days.push({ day, count: 1 });
    }
    return days;
  }

  tile(it: Item): Tile {
    return {
      id: it.id,
      name: it.name,
      content_type: it.type,
      availability: it.availability,
      state: it.state,
      has_thumbnail: it.state === "ready" && hasPicture(it),
      transparent: it.state === "ready" && hasPicture(it) && seeThrough(it),
      content_rev: it.rev,
      width: it.width,
      height: it.height,
      companion_type: this.companionsOf(it.id)[0]?.type ?? null,
      marks: { ...it.marks },
      in_watched_folder: this.watchedFolderOf(it.id) !== null,
      trashed_at: it.trashedAt,
    };
  }

  resource(id: number): Resource {
    const it = this.byId.get(id);
    if (!it) throw `no resource ${id}`;
    const thumb = hasPicture(it);
    return {
      id,
      name: it.name,
      original_name: it.name,
      original_path: `/home/me/Pictures/Camera/${it.name}`,
      stored_path: `ab/cd/${id}`,
      content_type: it.type,
      size: it.size,
      content_rev: it.rev,
      md5: "9e107d9d372bb6826bd81d3542a419d6",
      // Hashed from the picture: none without one.
      perceptual_hash: thumb && it.type.startsWith("image/") ? "c3a1f0e0d8b4a2f1" : null,
      width: it.width,
      height: it.height,
      thumbnail: thumb && it.state === "ready" ? `thumbs/${id}.${seeThrough(it) ? "png" : "jpg"}` : null,
      preview: thumb && it.state === "ready" ? `previews/${id}.${seeThrough(it) ? "png" : "jpg"}` : null,
      media_note: it.specimen?.mediaNote ?? null,
      description: it.description,
      watched_folder_id: this.watchedFolderOf(id),
      availability: it.availability,
      tags: [...it.tags],
      groups: this.groups.filter((g) => g.resource_ids.includes(id)).map((g) => ({ id: g.id, name: g.name })),
      created_at: it.created,
      updated_at: it.created,
      date: itemDate(it),
      date_source: meta(it).taken ? "taken" : "added",
      companion_of: it.companionOf,
      trashed_at: it.trashedAt,
    };
  }

  /** Every third item is a file of the watched folder, the rest copies in the library. */
  private watchedFolderOf(id: number): number | null {
    return id % 3 === 0 ? 1 : null;
  }

  details(id: number): ResourceDetails {
    const it = this.byId.get(id)!;
    return {
      ...this.resource(id),
      facts: [...fakeFacts(it), ...markFacts(it.marks)],
      marks: { ...it.marks },
      name_mismatch: it.specimen?.nameMismatch ?? null,
      companions: this.companionsOf(id).map((c) => ({ id: c.id, name: c.name, content_type: c.type, size: c.size })),
      notes: this.notes.filter((n) => n.resource_ids.includes(id)).map((n) => ({ id: n.id, title: n.title })),
      processing:
        it.state === "ready"
          ? []
          : [{ handler: "thumbnail", state: it.state === "failed" ? "failed" : it.state === "processing" ? "running" : "pending", attempts: it.state === "failed" ? 3 : 0, last_error: it.state === "failed" ? "the JPEG file is damaged" : null, error_detail: it.state === "failed" ? "unsupported JPEG marker 0xC3" : null }],
    };
  }

  progress(): Progress {
    this.clock += 250;
    const handlers: HandlerStatus[] = HANDLERS.map((name) => {
      const failed = this.failures.filter((f) => f.handler === name && f.state === "failed").length;
      const dead = this.failures.filter((f) => f.handler === name && f.state === "dead").length;
      const pending = this.pending[name];
      return {
        name,
        pending: Math.max(0, pending - (pending > 0 ? 2 : 0)),
        running: pending > 0 ? 2 : 0,
        failed,
        dead,
        done: this.done[name],
        oldest_pending_at: pending ? this.clock - 5000 : null,
        per_second: pending > 0 ? this.perSecond : 0,
        oldest_pending_ms: pending ? 5000 : null,
      };
    });
    const outstanding = Object.values(this.pending).reduce((a, b) => a + b, 0);
    return {
      status: { handlers, undispatched: 0, outstanding, processing: true, paused: this.paused, idle: outstanding === 0, reindexing: null, at: this.clock },
      // The items a person sees, as the engine counts them: the Trash left out.
      resource_count: this.shown().length,
      last_event_id: this.lastEventId,
      searchable_event_id: this.lastEventId,
      index_pending: false,
    };
  }

  /** One step of pretend work: a few waiting items become ready. */
  tick(n = 3) {
    if (this.paused) return;
    let moved = 0;
    for (const it of this.items) {
      if (moved >= n) break;
      if (it.state === "processing") {
        it.state = "ready";
        it.rev++;
        moved++;
      }
    }
    for (const it of this.items) {
      if (it.state === "waiting") {
        it.state = "processing";
        if (--n <= 0) break;
      }
    }
    if (moved) {
      this.pending.thumbnail = Math.max(0, this.pending.thumbnail - moved);
      this.done.thumbnail += moved;
      this.changed();
    }
  }

  importFiles(count: number): ImportSummary {
    const start = this.items.length;
    for (let i = 0; i < count; i++) {
      const it = this.makeItem(start + i);
      it.created = this.clock + i;
      it.state = "waiting";
      // Keywords become tags as the file arrives; items already here are left alone.
      if (this.settings.keywords_as_tags) it.tags = [...new Set([...it.tags, ...embeddedKeywords(it)])];
      this.add(it);
    }
    this.pending.thumbnail += count;
    this.changed();
    // The copies made are verified while asked to; one file always fails,
    // so the originals are never said to be safe to remove.
    return {
      imported: count,
      failed: [{ path: "/tmp/broken.heic", error: "unreadable file" }],
      verified: this.settings.verify_copies && count > 0,
      safe_to_remove: false,
    };
  }

  duplicates(threshold: number): DuplicateGroup[] {
    const images = this.shown().filter((i) => i.type.startsWith("image/"));
    const out: DuplicateGroup[] = [];
    // The engine picks which copy to keep; the fake keeps the first.
    const group = (kind: DuplicateGroup["kind"], members: Item[]): DuplicateGroup => ({ kind, keep: members[0].id, resources: members.map((i) => this.resource(i.id)) });
    if (images.length >= 3) out.push(group("exact", [images[0], images[1]]));
    if (threshold > 4 && images.length >= 6) out.push(group("near", [images[3], images[4], images[5]]));
    // Only at the loosest thresholds: a burst of six alike, more than Compare shows at once.
    if (threshold >= 18 && images.length >= 12) out.push(group("near", images.slice(6, 12)));
    // What the hash handlers found since, while every member is still shown.
    const shownIds = new Set(images.map((i) => i.id));
    for (const found of this.foundDuplicates) {
      if (found.ids.every((id) => shownIds.has(id))) out.push(group(found.kind, found.ids.map((id) => this.byId.get(id)!)));
    }
    return out;
  }

  /** The hash and phash handlers finishing on these items find them alike:
   * one group more, and the handlers' done counts move (as in the engine, a
   * handler's result is no new event). */
  hashesFound(ids: number[], kind: DuplicateGroup["kind"] = "exact") {
    this.foundDuplicates.push({ kind, ids });
    this.done.hash += ids.length;
    this.done.phash += ids.length;
  }

  // --- marks, the Trash and the undo history ---

  /** Records a person's action as one undo step; a new action drops what was
   * undone. `what` words each change in the items' histories, unless the change does. */
  private record(label: string, changes: Change[], what = "Changed") {
    // Nothing changed, nothing to undo: the engine records no step.
    if (changes.length === 0) return;
    const worded = changes.map((c) => ({ ...c, what: c.what ?? what }));
    this.push({ label, changes: worded });
    this.log(label, worded);
  }

  private push(step: Step) {
    this.history = [...this.history.slice(0, this.historyAt), step];
    this.historyAt = this.history.length;
  }

  /** Writes an action's events, one per item it changed, under one correlation id. */
  private log(title: string, changes: Change[]) {
    if (changes.length === 0) return;
    const events = changes.map((c) => ({ id: c.id, eventId: ++this.lastEventId, what: c.what ?? "Changed" }));
    this.actionLog.push({ correlation: fakeUuid(1_000_000 + this.actionLog.length), title, at: Date.now(), events });
  }

  /** Undoes (or redoes) one step; null when there is none. Items deleted for
   * good since are skipped, and counted. */
  revert(undo: boolean): { label: string; skipped: number } | null {
    const step = undo ? this.history[this.historyAt - 1] : this.history[this.historyAt];
    if (!step) return null;
    this.historyAt += undo ? -1 : 1;
    const skipped = new Set<number>();
    const reached: Change[] = [];
    for (const change of undo ? [...step.changes].reverse() : step.changes) {
      const it = this.byId.get(change.id);
      if (it) {
        change.apply(it, undo);
        reached.push(change);
      } else skipped.add(change.id);
    }
    step.library?.(undo);
    // As the engine logs it: an action of its own, under its own correlation id.
    this.log(`${undo ? "Undid" : "Redid"}: ${step.label}`, reached);
    this.changed();
    return { label: step.label, skipped: skipped.size };
  }

  undoState(): UndoState {
    return { undo: this.history[this.historyAt - 1]?.label ?? null, redo: this.history[this.historyAt]?.label ?? null };
  }

  private item(id: number): Item {
    const it = this.byId.get(id);
    if (!it) throw { kind: "not_found", message: `no resource ${id}`, detail: null };
    return it;
  }

  setMark(ids: number[], mark: Mark): number {
    const unique = [...new Set(ids)];
    const field = mark.kind === "rating" ? "rating" : mark.kind;
    const value = mark.kind === "rating" ? mark.stars : mark.kind === "label" ? mark.label : mark.flag;
    if (mark.kind === "rating" && !(Number.isInteger(mark.stars) && mark.stars >= 0 && mark.stars <= 5)) {
      throw { kind: "invalid_input", message: `a rating is 0 to 5 stars, not ${mark.stars}`, detail: null };
    }
    const changes: Change[] = [];
    for (const id of unique) {
      const it = this.item(id);
      const before = it.marks[field];
      if (before === value) continue;
      const set = (v: unknown) => (x: Item) => (x.marks = { ...x.marks, [field]: v });
      set(value)(it);
      changes.push({ id, apply: (x, undo) => set(undo ? before : value)(x) });
    }
    this.record(describeMark(mark, unique.length), changes, `${{ rating: "Rating", label: "Colour label", flag: "Flag" }[field]} changed`);
    if (changes.length) this.changed();
    return changes.length;
  }

  /** The items and, with them, their raw files. */
  private withCompanions(ids: number[]): Item[] {
    const asked = new Set(ids);
    const its = [...asked].map((id) => this.item(id));
    return [...its, ...this.companions.filter((c) => c.companionOf !== null && asked.has(c.companionOf) && !asked.has(c.id))];
  }

  /** Moves items to the Trash or out of it, one undo step. */
  private moveTrash(ids: number[], toTrash: boolean, label: string): number {
    const now = Date.now();
    const changes: Change[] = [];
    for (const it of this.withCompanions(ids)) {
      if ((it.trashedAt !== null) === toTrash) continue;
      const before = it.trashedAt;
      const after = toTrash ? now : null;
      it.trashedAt = after;
      changes.push({ id: it.id, apply: (x, undo) => (x.trashedAt = undo ? before : after) });
    }
    this.record(label, changes, toTrash ? "Moved to the Trash" : "Restored from the Trash");
    this.changed();
    // Items, not their raw files, are counted.
    const raw = new Set(this.companions.map((c) => c.id));
    return changes.filter((c) => !raw.has(c.id)).length;
  }

  trash(ids: number[]): number {
    return this.moveTrash(ids, true, `Moved ${itemsWord(new Set(ids).size)} to the Trash`);
  }

  restore(ids: number[]): number {
    return this.moveTrash(ids, false, `Restored ${itemsWord(new Set(ids).size)} from the Trash`);
  }

  /** The Trash, most recently trashed first. */
  trashed(): Tile[] {
    return this.listable()
      .filter((it) => it.trashedAt !== null)
      .sort((a, b) => b.trashedAt! - a.trashedAt! || b.id - a.id)
      .map((it) => this.tile(it));
  }

  /** Deletes for good: not undoable. A watched file goes to the system trash;
   * one in an offline folder cannot, and stays with the reason. */
  deletePermanently(ids: number[]): RemovalReport {
    const report: RemovalReport = { removed: 0, moved_to_system_trash: 0, failed: [] };
    const removable: number[] = [];
    for (const id of new Set(ids)) {
      const it = this.item(id);
      const watched = this.watchedFolderOf(id) !== null;
      if (watched && it.availability === "offline") {
        report.failed.push({ id, name: it.name, reason: "its folder is offline (a drive not plugged in?), so the file cannot be moved to the system trash" });
        continue;
      }
      if (watched && it.availability === "present") report.moved_to_system_trash++;
      removable.push(id);
    }
    // Their raw files go with them.
    const going = new Set(removable);
    const companions = this.companions.filter((c) => c.companionOf !== null && going.has(c.companionOf)).map((c) => c.id);
    this.remove([...removable, ...companions]);
    report.removed = removable.length;
    return report;
  }

  emptyTrash(): RemovalReport {
    return this.deletePermanently(this.trashed().map((t) => t.id));
  }

  /** Keeps `keep`, gives it the tags and groups of `others` and moves those
   * to the Trash, one undo step. */
  merge(keep: number, others: number[]): Resource {
    const kept = this.item(keep);
    const changes: Change[] = [];
    const newTags = [...new Set(others.flatMap((id) => this.item(id).tags))].filter((t) => !kept.tags.includes(t));
    if (newTags.length) {
      kept.tags = [...kept.tags, ...newTags];
      changes.push({ id: keep, what: "Tags changed", apply: (x, undo) => (x.tags = undo ? x.tags.filter((t) => !newTags.includes(t)) : [...new Set([...x.tags, ...newTags])]) });
    }
    for (const g of this.groups) {
      if (g.resource_ids.includes(keep) || !others.some((id) => g.resource_ids.includes(id))) continue;
      g.resource_ids = [...g.resource_ids, keep];
      changes.push({ id: keep, what: "Groups changed", apply: (_, undo) => (g.resource_ids = undo ? g.resource_ids.filter((id) => id !== keep) : [...new Set([...g.resource_ids, keep])]) });
    }
    const now = Date.now();
    for (const it of this.withCompanions(others)) {
      const before = it.trashedAt;
      it.trashedAt = now;
      changes.push({ id: it.id, what: "Moved to the Trash", apply: (x, undo) => (x.trashedAt = undo ? before : now) });
    }
    this.record(`Merged ${itemsWord(others.length)} into “${kept.name}”`, changes);
    this.changed();
    return this.resource(keep);
  }

  remove(ids: number[]) {
    const gone = new Set(ids);
    // A deleted JPEG leaves its raw file behind, as an item of its own
    // (the engine's ON DELETE SET NULL).
    const orphans = this.companions.filter((c) => c.companionOf !== null && gone.has(c.companionOf) && !gone.has(c.id));
    orphans.forEach((c) => (c.companionOf = null));
    this.companions = this.companions.filter((c) => c.companionOf !== null && !gone.has(c.id));
    this.items = [...this.items.filter((i) => !gone.has(i.id)), ...orphans];
    ids.forEach((id) => this.byId.delete(id));
    this.changed();
    return ids.length;
  }

  // --- smart albums ---

  private album(id: number): Album {
    const album = this.albumList.find((x) => x.id === id);
    if (!album) throw { kind: "not_found", message: `no album ${id}`, detail: null };
    return album;
  }

  /** The album of that name, in any letter case, as the engine finds one. */
  private albumNamed(name: string): Album | undefined {
    const wanted = name.trim().toLowerCase();
    return this.albumList.find((x) => x.name.toLowerCase() === wanted);
  }

  /** Refuses a query that does not run, in the search's own words. */
  private checkAlbumSearch(query: string) {
    try {
      this.found(query);
    } catch (e) {
      throw invalidInput(e);
    }
  }

  /** An album saved, changed or deleted: one undo step that puts `before` back. */
  private recordAlbum(label: string, before: Album | null, after: Album | null) {
    const id = (before ?? after)!.id;
    const put = (album: Album | null) => (this.albumList = [...this.albumList.filter((x) => x.id !== id), ...(album ? [{ ...album }] : [])]);
    put(after);
    this.push({ label, changes: [], library: (undo) => put(undo ? before : after) });
    this.changed();
  }

  /** Every album by name, each with what its search finds now, counted as
   * the grid counts it; one whose search no longer runs says why. */
  albums(): AlbumCount[] {
    return [...this.albumList]
      .sort((x, y) => x.name.localeCompare(y.name, undefined, { sensitivity: "base" }) || x.id - y.id)
      .map((album) => {
        try {
          return { album: { ...album }, count: this.found(album.query).length, problem: null };
        } catch (e) {
          return { album: { ...album }, count: null, problem: invalidInput(e).message };
        }
      });
  }

  saveAlbum(name: string, query: string, sort: SortOrder): Album {
    const trimmed = name.trim();
    if (!trimmed) throw { kind: "invalid_input", message: "an album name must not be empty", detail: null };
    const q = query.trim();
    this.checkAlbumSearch(q);
    const now = Date.now();
    const before = this.albumNamed(trimmed) ?? null;
    const after: Album = before
      ? { ...before, query: q, sort, updated_at: now }
      : { id: this.nextAlbumId++, name: trimmed, query: q, sort, created_at: now, updated_at: now };
    this.recordAlbum(before ? `Changed the search of album “${after.name}”` : `Saved album “${after.name}”`, before && { ...before }, after);
    return { ...after };
  }

  editAlbum(id: number, edit: AlbumEdit): Album {
    const before = { ...this.album(id) };
    const name = edit.name === null ? before.name : edit.name.trim();
    if (!name) throw { kind: "invalid_input", message: "an album name must not be empty", detail: null };
    const other = this.albumNamed(name);
    if (other && other.id !== id) throw { kind: "invalid_input", message: `an album named “${other.name}” already exists`, detail: null };
    const query = edit.query === null ? before.query : edit.query.trim();
    if (edit.query !== null || edit.sort !== null) this.checkAlbumSearch(query);
    const after: Album = { ...before, name, query, sort: edit.sort ?? before.sort, updated_at: Date.now() };
    // Nothing changed, nothing to undo.
    if (after.name === before.name && after.query === before.query && after.sort === before.sort) return before;
    this.recordAlbum(after.name !== before.name ? `Renamed album “${before.name}” to “${after.name}”` : `Changed the search of album “${after.name}”`, before, after);
    return { ...after };
  }

  deleteAlbum(id: number): null {
    const before = { ...this.album(id) };
    this.recordAlbum(`Deleted album “${before.name}”`, before, null);
    return null;
  }

  // --- items' histories ---

  /** What the handlers did when the item arrived, as the engine's outbox
   * would tell it: recorded, then hashed, pictured and read, each a moment
   * later; work not done yet (or given up) waits on the first event. */
  private addedStep(it: Item): HistoryStep {
    const at = it.created;
    const entry = (n: number, kind: string, what: string, work: PendingWork[] = []): HistoryEntry => ({ event_id: it.id * 10 + n, at: at + n * 1200, kind, what, work });
    const work = (handler: string, state: string, last_error: string | null = null, attempts = 0): PendingWork => ({ handler, state, attempts, last_error });
    const waiting: PendingWork[] =
      it.state === "waiting"
        ? HANDLERS.map((h) => work(h, "pending"))
        : it.state === "processing"
          ? [work("thumbnail", "running"), work("metadata", "pending")]
          : it.state === "failed"
            ? [work("thumbnail", "dead", "the JPEG file is damaged", 3)]
            : [];
    const entries = [entry(0, "resource.created", "Recorded", waiting)];
    if (it.state !== "waiting") {
      entries.push(entry(1, "resource.updated", it.width !== null ? "Checksum computed, dimensions read" : "Checksum computed"));
      if (it.state === "ready" && hasPicture(it)) entries.push(entry(2, "resource.updated", "Thumbnail made, preview made"));
      if (it.state === "ready" && hasPicture(it) && it.type.startsWith("image/")) entries.push(entry(3, "resource.updated", "Fingerprint for similar images made"));
      const facts = fakeFacts(it).map((f) => f.label);
      if (it.state !== "processing" && facts.length > 0) {
        const more = facts.length > 5 ? ` and ${facts.length - 5} more` : "";
        entries.push(entry(4, "resource.updated", `Metadata read: ${facts.slice(0, 5).join(", ")}${more}`));
      }
    }
    return { correlation_id: fakeUuid(it.id), title: "Added to the library", by_person: false, at, entries };
  }

  /** Everything that happened to the item, newest action first: its arrival,
   * then each action a person took on it (undo and redo are actions too). */
  itemHistory(id: number): ItemHistory {
    const it = this.item(id);
    const steps: HistoryStep[] = [this.addedStep(it)];
    for (const action of this.actionLog) {
      const mine = action.events.filter((e) => e.id === id);
      if (mine.length === 0) continue;
      const entries = mine.map((e) => ({ event_id: e.eventId, at: action.at, kind: "resource.updated", what: e.what, work: [] }));
      steps.push({ correlation_id: action.correlation, title: action.title, by_person: true, at: action.at, entries });
    }
    return { steps: steps.reverse() };
  }

  // --- verify ---

  /** The checked ones: the engine reads every resource, raw files of pairs too. */
  private allResources(): Item[] {
    return [...this.items, ...this.companions].sort((a, b) => a.id - b.id);
  }

  /** What a check finds now, the problems in id order; with `repair`, the
   * damaged copies are restored from their originals and the strays go. */
  verifyReport(repair: boolean): VerifyReport {
    const all = this.allResources();
    // No hash to compare with until the hash handler has run.
    const hashed = all.filter((it) => it.state !== "waiting");
    const problems: VerifyProblem[] = [];
    for (const it of hashed) {
      const r = this.resource(it.id);
      if (this.damaged.has(it.id)) {
        problems.push({ resource_id: it.id, name: it.name, kind: "damaged", path: r.stored_path, detail: "the library's copy no longer has the bytes it was imported with", original_path: r.original_path, repairable: true, repaired: repair });
        if (repair) this.damaged.delete(it.id);
      } else if (this.editedOnDisk.has(it.id)) {
        problems.push({ resource_id: it.id, name: it.name, kind: "changed", path: r.original_path, detail: "the file has other bytes than when the library last read it", original_path: r.original_path, repairable: false, repaired: false });
      }
    }
    const strays = this.strayCopies.map((c) => c.path);
    const strayBytes = this.strayCopies.reduce((n, c) => n + c.size, 0);
    if (repair) this.strayCopies = [];
    return {
      checked: hashed.length,
      bytes: hashed.reduce((n, it) => n + it.size, 0),
      seconds: (4 * this.verifyStepMs) / 1000,
      not_yet_hashed: all.length - hashed.length,
      offline: 0,
      problems,
      stray_copies: strays,
      stray_bytes: strayBytes,
      strays_removed: repair && strays.length > 0,
    };
  }

  /** A check as the shell runs it: "verify-progress" as it goes, then the report. */
  async verify(repair: boolean): Promise<VerifyReport> {
    const all = this.allResources();
    const total_bytes = all.reduce((n, it) => n + it.size, 0);
    const steps = 4;
    for (let step = 1; step <= steps; step++) {
      await new Promise((r) => setTimeout(r, this.verifyStepMs));
      const checked = Math.round((all.length * step) / steps);
      const bytes = all.slice(0, checked).reduce((n, it) => n + it.size, 0);
      this.emit("verify-progress", { checked, total: all.length, bytes, total_bytes });
    }
    return this.verifyReport(repair);
  }

  // --- export ---

  /** An export as the shell runs it: the items `query` finds (every item for
   * "") with their raw files, "export-progress" as it goes, then the report.
   * A missing file cannot be copied; one already in the folder is skipped. */
  async exportItems(query: string, layout: string): Promise<ExportReport | null> {
    if (!["flat", "group", "date"].includes(layout)) throw { kind: "invalid_input", message: `no such layout: ${layout}`, detail: null };
    const folder = this.exportPick;
    if (folder === null) return null;
    const found = this.list(query, "newest");
    // Raw files go with their JPEG (while pairs show as one item; else they are listed themselves).
    const all = [...found, ...found.flatMap((it) => this.companionsOf(it.id))];
    const there = this.exportedTo.get(folder) ?? new Set<number>();
    this.exportedTo.set(folder, there);
    const failed: ExportFailure[] = [];
    let exported = 0;
    let skipped = 0;
    let bytes = 0;
    const steps = 4;
    for (let step = 1; step <= steps; step++) {
      await new Promise((r) => setTimeout(r, this.exportStepMs));
      const from = Math.round((all.length * (step - 1)) / steps);
      const to = Math.round((all.length * step) / steps);
      for (const it of all.slice(from, to)) {
        if (it.availability === "missing") failed.push({ resource_id: it.id, name: it.name, error: "its file is missing: it is not where the library keeps it" });
        else if (there.has(it.id)) skipped++;
        else {
          there.add(it.id);
          exported++;
          bytes += it.size;
        }
      }
      this.emit("export-progress", { done: to, total: all.length });
    }
    return { folder, exported, skipped, failed, bytes };
  }

  restoreCopy(id: number): Resource | null {
    const it = this.byId.get(id);
    if (!it) throw { kind: "not_found", message: `no resource ${id}`, detail: null };
    const r = this.resource(id);
    if (r.watched_folder_id !== null) throw { kind: "invalid_input", message: `${it.name} is a watched file: it lives in its folder, where it can be put back`, detail: null };
    if (this.restorePick === "nothing") return null;
    const picked = `/media/backup/Pictures/${it.name}`;
    if (this.restorePick === "another file") throw { kind: "invalid_input", message: `${picked} is not the file that was imported as ${it.name}: its bytes differ`, detail: null };
    this.damaged.delete(id);
    it.availability = "present";
    it.rev++;
    this.changed();
    return this.resource(id);
  }

  markMissing(ids: number[]): number {
    let n = 0;
    for (const id of new Set(ids)) {
      const it = this.byId.get(id);
      if (it && it.availability !== "missing") {
        it.availability = "missing";
        n++;
      }
    }
    if (n) this.changed();
    return n;
  }

  handle(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case "retry_open":
      case "library_info":
        return { root: "/home/me/Mahresources", open_error: null, resource_count: this.items.length, search_help: FAKE_SEARCH_HELP };
      case "settings":
        return { ...this.settings };
      case "set_settings": {
        const next = a.settings as LibrarySettings;
        // What the grid shows changes with the pairs: listings cached before are stale.
        if (next.raw_jpeg_pairs !== this.settings.raw_jpeg_pairs) this.changed();
        this.settings = {
          keywords_as_tags: next.keywords_as_tags,
          raw_jpeg_pairs: next.raw_jpeg_pairs,
          verify_copies: next.verify_copies,
          sidecars: next.sidecars,
          trash_days: next.trash_days,
        };
        return { ...this.settings };
      }
      case "list_tiles":
        return this.listTiles(a.query);
      case "timeline":
        return this.timeline(a.query, a.sort);
      case "tile_ids":
        return this.list(a.query, a.sort).map((it) => it.id);
      case "resource":
        return this.details(a.id);
      case "edit_resource": {
        const it = this.item(a.id);
        const before = { name: it.name, description: it.description };
        if (a.edit.name !== null) it.name = a.edit.name;
        if (a.edit.description !== null) it.description = a.edit.description;
        const after = { name: it.name, description: it.description };
        const label = before.name !== after.name ? `Renamed “${before.name}” to “${after.name}”` : `Changed the description of “${after.name}”`;
        this.record(label, [{ id: it.id, apply: (x, undo) => Object.assign(x, undo ? before : after) }], before.name !== after.name ? "Renamed" : "Description changed");
        this.changed();
        return this.resource(a.id);
      }
      case "add_tags":
      case "remove_tags": {
        const add = cmd === "add_tags";
        const ids = [...new Set(a.ids as number[])];
        const names = (a.tags as string[]).map((t) => t.trim());
        const changes: Change[] = [];
        for (const id of ids) {
          const it = this.item(id);
          const touched = names.filter((t) => it.tags.includes(t) !== add);
          if (touched.length === 0) continue;
          const set = (x: Item, on: boolean) => (x.tags = on ? [...new Set([...x.tags, ...touched])] : x.tags.filter((t) => !touched.includes(t)));
          set(it, add);
          changes.push({ id, apply: (x, undo) => set(x, undo ? !add : add) });
        }
        const quoted = names.map((t) => `“${t}”`).join(", ");
        this.record(add ? `Tagged ${itemsWord(ids.length)} ${quoted}` : `Removed ${quoted} from ${itemsWord(ids.length)}`, changes, "Tags changed");
        this.changed();
        return changes.length;
      }
      case "trash_items":
        return this.trash(a.ids);
      case "restore_items":
        return this.restore(a.ids);
      case "trashed_items":
        return this.trashed();
      case "delete_permanently":
        return this.deletePermanently(a.ids);
      case "empty_trash":
        return this.emptyTrash();
      case "set_mark":
        return this.setMark(a.ids, a.mark);
      case "undo":
        return this.revert(true);
      case "redo":
        return this.revert(false);
      case "undo_state":
        return this.undoState();
      case "albums":
        return this.albums();
      case "save_album":
        return this.saveAlbum(String(a.name ?? ""), String(a.query ?? ""), String(a.sort ?? "relevance"));
      case "edit_album":
        return this.editAlbum(a.id, a.edit as AlbumEdit);
      case "delete_album":
        return this.deleteAlbum(a.id);
      case "item_history":
        return this.itemHistory(a.id);
      case "tags": {
        const counts = new Map<string, number>();
        for (const it of this.shown()) for (const t of it.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
        return [...counts].sort().map(([name, resource_count], i) => ({ id: i + 1, name, resource_count }));
      }
      case "similar":
        return this.items
          .filter((i) => i.type.startsWith("image/") && i.id !== a.id)
          .slice(0, 6)
          .map((i, n) => ({ resource: this.resource(i.id), distance: n * 2, mirrored: n === 3 }));
      case "duplicates": {
        // As the engine answers: the first `limit` groups, and the counts.
        const all = this.duplicates(a.threshold);
        return {
          groups: all.slice(0, a.limit),
          total: all.length,
          exact: all.filter((g) => g.kind === "exact").length,
        };
      }
      case "merge":
        return this.merge(a.keep, a.others);
      case "groups":
        return this.groups;
      case "create_group": {
        const g = this.group(a.name, []);
        g.description = a.description;
        this.groups.push(g);
        return g;
      }
      case "edit_group": {
        const g = this.groups.find((x) => x.id === a.id)!;
        if (a.edit.name !== null) g.name = a.edit.name;
        if (a.edit.description !== null) g.description = a.edit.description;
        return g;
      }
      case "delete_group":
        this.groups = this.groups.filter((g) => g.id !== a.id);
        return null;
      case "add_to_group":
      case "remove_from_group": {
        const g = this.groups.find((x) => x.id === a.group_id)!;
        const add = cmd === "add_to_group";
        const changing = [...new Set(a.ids as number[])].filter((id) => g.resource_ids.includes(id) !== add);
        const set = (id: number, on: boolean) => (g.resource_ids = on ? [...new Set([...g.resource_ids, id])] : g.resource_ids.filter((x) => x !== id));
        changing.forEach((id) => set(id, add));
        this.record(add ? `Added ${itemsWord(changing.length)} to “${g.name}”` : `Removed ${itemsWord(changing.length)} from “${g.name}”`, changing.map((id) => ({ id, apply: (_, undo) => set(id, undo ? !add : add) })), "Groups changed");
        this.changed();
        return changing.length;
      }
      case "notes":
        return this.notes;
      case "create_note": {
        const n = this.note(a.title, a.text, []);
        this.notes.push(n);
        return n;
      }
      case "edit_note": {
        const n = this.notes.find((x) => x.id === a.id)!;
        if (a.edit.title !== null) n.title = a.edit.title;
        if (a.edit.text !== null) n.text = a.edit.text;
        return n;
      }
      case "delete_note":
        this.notes = this.notes.filter((n) => n.id !== a.id);
        return null;
      case "link_note": {
        const n = this.notes.find((x) => x.id === a.note_id)!;
        const id = a.resource_id as number;
        if (n.resource_ids.includes(id) === a.linked) return false;
        const set = (on: boolean) => (n.resource_ids = on ? [...new Set([...n.resource_ids, id])] : n.resource_ids.filter((x) => x !== id));
        set(a.linked);
        this.record(`${a.linked ? "Linked" : "Unlinked"} the note “${n.title}”`, [{ id, apply: (_, undo) => set(undo ? !a.linked : a.linked) }], "Notes changed");
        return true;
      }
      case "search_entities": {
        const q = String(a.query).toLowerCase();
        return {
          notes: this.notes.filter((n) => n.title.toLowerCase().includes(q) || n.text.toLowerCase().includes(q)),
          groups: this.groups.filter((g) => g.name.toLowerCase().includes(q)),
        };
      }
      case "progress":
        return this.progress();
      case "failures":
        return this.failures.slice(0, a.limit);
      case "retry": {
        const ids: number[] | null = a.job_ids;
        const n = ids ? ids.length : this.failures.length;
        this.failures = ids ? this.failures.filter((f) => !ids.includes(f.job_id)) : [];
        return n;
      }
      case "pause":
        this.paused = true;
        return null;
      case "resume":
        this.paused = false;
        return null;
      case "pick_import":
        return this.importFiles(a.kind === "folder" ? 25 : 5);
      case "watched_folders":
        // Fresh objects, as real IPC returns.
        return this.folders.map((f) => ({ ...f }));
      case "pick_watch_folder": {
        const f: WatchedFolder = {
          id: this.folders.length + 1,
          path: `/media/usb/Photos ${this.folders.length + 1}`,
          rules: { include: [], exclude: [...DEFAULT_EXCLUDES] },
          online: true,
          added_at: this.clock,
          last_reconciled_at: null,
          resource_count: 0,
          missing_count: 0,
        };
        this.folders.push(f);
        return f;
      }
      case "watch_problems":
        return this.watchProblems;
      case "set_folder_rules": {
        const f = this.folders.find((x) => x.id === a.id);
        if (!f) throw `watched folder ${a.id} not found`;
        f.rules = { include: a.include as string[], exclude: [...DEFAULT_EXCLUDES, ...(a.exclude as string[])] };
        const left = Math.min(3, f.resource_count);
        f.resource_count -= left;
        const report = { folder_id: f.id, path: f.path, online: true, added: 0, changed: 0, moved: 0, missing: 0, restored: 0, unsettled: 0, scanned: f.resource_count, failed: [] };
        return { folder: { ...f }, left, report };
      }
      case "remove_missing": {
        const f = this.folders.find((x) => x.id === a.folder_id);
        const n = f ? f.missing_count : 0;
        if (f) f.missing_count = 0;
        return n;
      }
      case "remove_watched_folder": {
        const f = this.folders.find((x) => x.id === a.id);
        this.folders = this.folders.filter((x) => x.id !== a.id);
        return f?.resource_count ?? 0;
      }
      case "open_resource":
      case "reveal_resource":
      case "start_drag":
        return null;
      case "verify_library":
        return this.verify(Boolean(a.repair));
      case "export_items":
        return this.exportItems(String(a.query ?? ""), String(a.layout));
      case "restore_copy":
        return this.restoreCopy(a.id);
      case "mark_missing":
        return this.markMissing(a.ids);
    }
    throw `unknown command ${cmd}`;
  }
}
