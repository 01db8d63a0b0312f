import { describe, expect, it } from "vitest";
import {
  cameraFilter,
  dateFilter,
  emptyFilters,
  parseDateRange,
  periodRange,
  queryWords,
  readFilters,
  tagFilter,
  tokenize,
  typeFilter,
  withFilters,
} from "./query";

describe("tokenize", () => {
  it("splits words, phrases, negations and filters as the engine does", () => {
    const q = 'beach -draft "old town" tag:"summer trip" -type:image';
    expect(tokenize(q).map((t) => [q.slice(t.start, t.end), t.negated, t.name, t.value])).toEqual([
      ["beach", false, null, "beach"],
      ["-draft", true, null, "draft"],
      ['"old town"', false, null, "old town"],
      ['tag:"summer trip"', false, "tag", "summer trip"],
      ["-type:image", true, "type", "image"],
    ]);
  });

  it("lowercases filter names and reads an unclosed quote to the end", () => {
    expect(tokenize("Type:Image")[0]).toMatchObject({ name: "type", value: "Image" });
    expect(tokenize('camera:"eos 5d').map((t) => t.value)).toEqual(["eos 5d"]);
    expect(tokenize("12:30 - x")[0].name).toBeNull();
  });

  it("keeps the words for matching notes and groups, without the filters", () => {
    expect(queryWords('trip -draft "old town" type:image taken:2019')).toBe('trip -draft "old town"');
    expect(queryWords("type:video")).toBe("");
  });
});

describe("readFilters", () => {
  it("is empty for a query without filters", () => {
    expect(readFilters("")).toEqual(emptyFilters);
    expect(readFilters("beach sunset")).toEqual(emptyFilters);
  });

  it("reads typed filters back into the menus", () => {
    expect(readFilters("beach type:image")).toMatchObject({ type: "image" });
    expect(readFilters("-type:image -type:video")).toMatchObject({ type: "other" });
    expect(readFilters('tag:"summer trip"')).toMatchObject({ tag: "summer trip" });
    expect(readFilters("size:>10MB")).toMatchObject({ size: "gt10mb" });
    expect(readFilters('camera:"eos 5d"')).toMatchObject({ camera: "eos 5d" });
    expect(readFilters("camera:canon")).toMatchObject({ camera: "canon" });
  });

  it("does not take a negated filter for a menu value", () => {
    expect(readFilters("-type:image")).toMatchObject({ type: "any" });
    expect(readFilters("-tag:draft")).toMatchObject({ tag: "" });
    expect(readFilters("-camera:canon")).toMatchObject({ camera: "" });
  });

  it("shows what a menu has no entry for as the text itself", () => {
    expect(readFilters("type:audio").type).toBe("type:audio");
    expect(readFilters("type:image type:video").type).toBe("type:image type:video");
    expect(readFilters("size:>5mb").size).toBe("size:>5mb");
    expect(readFilters("tag:a tag:b").tag).toBe("tag:a tag:b");
  });

  it("reads taken ranges in the periods they were written in", () => {
    const taken = (q: string) => {
      const f = readFilters(q);
      return [f.takenFrom, f.takenTo];
    };
    expect(taken("taken:2019-01..2019-06")).toEqual(["2019-01", "2019-06"]);
    expect(taken("taken:2019-07")).toEqual(["2019-07", "2019-07"]);
    expect(taken("taken:>=2019-01")).toEqual(["2019-01", ""]);
    expect(taken("taken:<=2020")).toEqual(["", "2020"]);
    expect(taken("taken:2019-03-14..")).toEqual(["2019-03-14", ""]);
    expect(taken("taken:>2019-12")).toEqual(["2020-01", ""]);
    expect(taken("taken:<2019-03-01")).toEqual(["", "2019-02-28"]);
    // Several apply together: the latest start, the earliest end.
    expect(taken("taken:2019 taken:>=2019-06")).toEqual(["2019-06", "2019"]);
    expect(taken("taken:soon")).toEqual(["", ""]);
  });

  it("reads added ranges as whole days for the day pickers", () => {
    expect(readFilters("created:2024-01-01..2024-12-31")).toMatchObject({ from: "2024-01-01", to: "2024-12-31" });
    expect(readFilters("created:2024-02")).toMatchObject({ from: "2024-02-01", to: "2024-02-29" });
    expect(readFilters("date:..2023")).toMatchObject({ from: "", to: "2023-12-31" });
  });
});

describe("withFilters", () => {
  it("adds a pick at the end of the text", () => {
    expect(withFilters("", { type: "video" })).toBe("type:video");
    expect(withFilters("beach ", { type: "image" })).toBe("beach type:image");
    expect(withFilters("beach", { tag: "summer 2024" })).toBe('beach tag:"summer 2024"');
    expect(withFilters("", { size: "1mb-10mb" })).toBe("size:1mb..10mb");
    expect(withFilters("", { from: "2024-01-01" })).toBe("created:2024-01-01..");
  });

  it("replaces the filter where it was typed and keeps the rest", () => {
    expect(withFilters("type:image beach", { type: "video" })).toBe("type:video beach");
    expect(withFilters("a type:image b", { type: "any" })).toBe("a b");
    expect(withFilters("beach type:image", { type: "any" })).toBe("beach");
    expect(withFilters("-type:image -type:video cat", { type: "image" })).toBe("type:image cat");
    expect(withFilters("type:audio x", { type: "other" })).toBe("-type:image -type:video x");
    expect(withFilters("tag:a x tag:b", { tag: "c" })).toBe('tag:"c" x');
    expect(withFilters("-type:image", { type: "video" })).toBe("-type:image type:video");
  });

  it("keeps the other end of a range when one end changes", () => {
    expect(withFilters("taken:2019-01..2019-06", { takenTo: "2019-12" })).toBe("taken:2019-01..2019-12");
    expect(withFilters("taken:2019-07 cat", { takenFrom: "" })).toBe("taken:<=2019-07 cat");
    expect(withFilters("created:2024-01-01..2024-06-30", { to: "" })).toBe("created:2024-01-01..");
  });

  it("writes a camera as a word or a phrase", () => {
    expect(withFilters("trip", { camera: "canon" })).toBe("trip camera:canon");
    expect(withFilters("camera:canon trip", { camera: "EOS 5D" })).toBe('camera:"EOS 5D" trip');
    expect(withFilters("camera:canon trip", { camera: " " })).toBe("trip");
  });

  it("reads back what it wrote", () => {
    const patch = { type: "image", tag: "beach", takenFrom: "2019-01", takenTo: "2019-06", camera: "eos 5d", size: "gt10mb" };
    expect(readFilters(withFilters("sunset", patch))).toEqual({ ...emptyFilters, ...patch });
  });
});

describe("mark filters", () => {
  it("reads the fewest stars, a label and a flag", () => {
    expect(readFilters("rating:>=4 trip")).toMatchObject({ rating: "4" });
    expect(readFilters("rating:5")).toMatchObject({ rating: "5" });
    expect(readFilters("label:red")).toMatchObject({ label: "red" });
    expect(readFilters("flag:reject")).toMatchObject({ flag: "reject" });
    expect(readFilters("-label:red -flag:pick")).toMatchObject({ label: "", flag: "" });
  });

  it("shows what the bar has no entry for as the text itself", () => {
    expect(readFilters("rating:3..5").rating).toBe("rating:3..5");
    expect(readFilters("rating:4").rating).toBe("rating:4");
    expect(readFilters("label:red label:blue").label).toBe("label:red label:blue");
  });

  it("writes them into the query and takes them out again", () => {
    expect(withFilters("trip", { rating: "4" })).toBe("trip rating:>=4");
    expect(withFilters("rating:>=4 trip", { rating: "2" })).toBe("rating:>=2 trip");
    expect(withFilters("rating:>=4 trip", { rating: "any" })).toBe("trip");
    expect(withFilters("trip", { label: "green" })).toBe("trip label:green");
    expect(withFilters("label:green trip", { label: "" })).toBe("trip");
    expect(withFilters("trip", { flag: "pick" })).toBe("trip flag:pick");
    expect(withFilters("flag:pick trip", { flag: "reject" })).toBe("flag:reject trip");
    const patch = { rating: "3", label: "purple", flag: "pick" };
    expect(readFilters(withFilters("", patch))).toEqual({ ...emptyFilters, ...patch });
  });
});

describe("filters", () => {
  it("maps the type picker", () => {
    expect(typeFilter("any")).toBe("");
    expect(typeFilter("image")).toBe("type:image");
    expect(typeFilter("other")).toBe("-type:image -type:video");
  });

  it("quotes tags and drops quotes inside them", () => {
    expect(tagFilter("beach")).toBe('tag:"beach"');
    expect(tagFilter('say "hi"')).toBe('tag:"say hi"');
    expect(tagFilter('""')).toBe("");
  });

  it("builds open and closed added ranges", () => {
    expect(dateFilter("", "")).toBe("");
    expect(dateFilter("2024-01-01", "")).toBe("created:2024-01-01..");
    expect(dateFilter("", "2024-06-30")).toBe("created:..2024-06-30");
    expect(dateFilter("2024-12-31", "2024-01-01")).toBe("created:2024-01-01..2024-12-31");
    expect(dateFilter("yesterday", "")).toBe("");
  });

  it("builds taken ranges in the engine's range syntax", () => {
    expect(periodRange("taken", "2019-01", "2019-06")).toBe("taken:2019-01..2019-06");
    expect(periodRange("taken", "2019-07", "2019-07")).toBe("taken:2019-07");
    expect(periodRange("taken", "2019-01", "")).toBe("taken:>=2019-01");
    expect(periodRange("taken", "", "2019-06-30")).toBe("taken:<=2019-06-30");
    expect(periodRange("taken", "2019-06", "2019-01")).toBe("taken:2019-01..2019-06");
    // Overlapping periods of different lengths are not backwards.
    expect(periodRange("taken", "2019-03-15", "2019-03")).toBe("taken:2019-03-15..2019-03");
    expect(periodRange("taken", "2019-13", "")).toBe("");
    expect(periodRange("taken", "2019-02-30", "")).toBe("");
  });

  it("reads the range syntax", () => {
    expect(parseDateRange("2019..2020")).toEqual({ from: "2019", to: "2020" });
    expect(parseDateRange("..")).toBeNull();
    expect(parseDateRange(">=x")).toBeNull();
  });

  it("writes cameras without quotes inside", () => {
    expect(cameraFilter("canon")).toBe("camera:canon");
    expect(cameraFilter(' eos  "5d" ')).toBe('camera:"eos 5d"');
    expect(cameraFilter("")).toBe("");
  });
});
