// A song's facts, laid out as a music app shows a track: its title, who
// plays it, the album and year, how long it is and its genre. The rest
// (and a known key with an unexpected kind of value) is left for the other
// layouts and the generic list. Pure.
import type { Fact } from "./bindings";

export type SongInfo = {
  title: string | null;
  artist: string | null;
  album: string | null;
  year: string | null;
  genre: string | null;
  /** "3:42", as the engine writes a duration. */
  duration: string | null;
};

type Kind = Fact["value"]["kind"];

const KNOWN: Record<string, Kind> = {
  title: "text",
  artist: "text",
  album: "text",
  genre: "text",
  year: "integer",
  duration: "duration",
};

/** Splits a sound file's facts into what the song layout shows and the rest. */
export function readSongInfo(facts: Fact[]): { info: SongInfo | null; rest: Fact[] } {
  const known = new Map<string, string>();
  const rest: Fact[] = [];
  for (const f of facts) {
    if (KNOWN[f.key] === f.value.kind && !known.has(f.key) && f.text.trim()) known.set(f.key, f.text.trim());
    else rest.push(f);
  }
  const get = (key: string) => known.get(key) ?? null;
  const info: SongInfo = { title: get("title"), artist: get("artist"), album: get("album"), year: get("year"), genre: get("genre"), duration: get("duration") };
  return { info: known.size > 0 ? info : null, rest };
}

/** Whether the file says what it is (a song), or is only a length of sound. */
export function isTagged(info: SongInfo): boolean {
  return info.title !== null || info.artist !== null || info.album !== null;
}
