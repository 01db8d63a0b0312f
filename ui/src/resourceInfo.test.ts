import { describe, expect, it } from "vitest";
import type { Fact } from "./bindings";
import { readDocumentInfo } from "./documentInfo";
import { readResourceInfo } from "./resourceInfo";
import { readSongInfo } from "./songInfo";

const f = (key: string, group: string, value: Fact["value"], text: string): Fact => ({
  key,
  label: key,
  group,
  unit: null,
  value,
  text,
  iso8601: null,
  source: "metadata",
});

const words = "Kyoto trip itinerary\n\nDay 1 — Arrival\n\tLand at KIX 09:40.\n";
// As the engine sends them, in its declaration order.
const song: Fact[] = [
  f("title", "Description", { kind: "text", text: "Harbour Lights" }, "Harbour Lights"),
  f("duration", "Media", { kind: "duration", ms: 222_000 }, "3:42"),
  f("artist", "Music", { kind: "text", text: "The Low Tides" }, "The Low Tides"),
  f("album", "Music", { kind: "text", text: "Salt & Static" }, "Salt & Static"),
  f("genre", "Music", { kind: "text", text: "Indie" }, "Indie"),
  f("year", "Music", { kind: "integer", integer: 2019 }, "2019"),
  f("codec", "Media", { kind: "text", text: "mp3" }, "mp3"),
];
const pdf: Fact[] = [
  f("title", "Description", { kind: "text", text: "Kyoto trip itinerary" }, "Kyoto trip itinerary"),
  f("pages", "Document", { kind: "integer", integer: 3 }, "3"),
  f("author", "Document", { kind: "text", text: "Sam Rivera" }, "Sam Rivera"),
  { ...f("text", "Document", { kind: "document", text: words }, "Kyoto trip itinerary Day 1 — Arrival Land at KIX 09:40."), source: "document" },
];

describe("readSongInfo", () => {
  it("reads a song's title, artist, album, year, genre and length", () => {
    const { info, rest } = readSongInfo(song);
    expect(info).toEqual({ title: "Harbour Lights", artist: "The Low Tides", album: "Salt & Static", year: "2019", genre: "Indie", duration: "3:42" });
    expect(rest.map((x) => x.key)).toEqual(["codec"]);
  });

  it("has nothing to lay out without them", () => {
    expect(readSongInfo([song[6]]).info).toBeNull();
    // A known key with an unexpected kind of value is left for the list.
    const odd = f("year", "Music", { kind: "text", text: "the nineties" }, "the nineties");
    expect(readSongInfo([odd])).toEqual({ info: null, rest: [odd] });
  });
});

describe("readDocumentInfo", () => {
  it("reads a PDF's title, author, pages and the beginning of its words", () => {
    const { info, rest } = readDocumentInfo(pdf);
    expect(info).toEqual({ title: "Kyoto trip itinerary", author: "Sam Rivera", pages: "3 pages", text: words, textIsCut: false });
    expect(rest).toEqual([]);
  });

  it("says when the words go on past what the engine sent", () => {
    const long = "line of a long log\n".repeat(216).slice(0, 4096);
    expect(readDocumentInfo([f("text", "Document", { kind: "document", text: long }, "")]).info?.textIsCut).toBe(true);
    expect(readDocumentInfo([f("pages", "Document", { kind: "integer", integer: 1 }, "1")]).info?.pages).toBe("1 page");
  });
});

describe("readResourceInfo", () => {
  it("gives a song's title to the song, not to a photo's description", () => {
    const { song: info, photo, document, rest } = readResourceInfo("audio/mpeg", song);
    expect(info?.title).toBe("Harbour Lights");
    expect(photo).toBeNull();
    expect(document).toBeNull();
    expect(rest.map((x) => x.key)).toEqual(["codec"]);
  });

  it("gives a PDF's title to the document, and never lists its words as a row", () => {
    const { document, photo, rest } = readResourceInfo("application/pdf", pdf);
    expect(document?.title).toBe("Kyoto trip itinerary");
    expect(document?.text).toBe(words);
    expect(photo).toBeNull();
    expect(rest).toEqual([]);
  });

  it("reads a text file's words, and leaves a photo's title to its description", () => {
    expect(readResourceInfo("text/plain", [pdf[3]]).document?.text).toBe(words);
    const { photo, document } = readResourceInfo("image/jpeg", [pdf[0]]);
    expect(photo?.description?.title).toBe("Kyoto trip itinerary");
    expect(document).toBeNull();
  });
});
