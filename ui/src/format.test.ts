import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatBytes,
  formatCoordinates,
  formatCount,
  formatDate,
  formatDimensions,
  formatEta,
  formatFact,
  formatOffset,
  formatRate,
  formatTaken,
  oneLine,
  plural,
  sentence,
} from "./format";
import type { Fact } from "./bindings";

describe("formatBytes", () => {
  it("uses decimal units like the search language", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1.0 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(12_345_678)).toBe("12 MB");
    expect(formatBytes(999_999)).toBe("1.0 MB");
    expect(formatBytes(2_500_000_000)).toBe("2.5 GB");
    expect(formatBytes(-1)).toBe("—");
  });
});

describe("counts and rates", () => {
  it("groups thousands", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(100000)).toBe("100,000");
  });
  it("pluralises", () => {
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(12, "file")).toBe("12 files");
    expect(plural(0, "item")).toBe("0 items");
  });
  it("formats rates", () => {
    expect(formatRate(41.3)).toBe("41/s");
    expect(formatRate(2.46)).toBe("2.5/s");
    expect(formatRate(0)).toBe("0/s");
  });
});

describe("formatEta", () => {
  it("says about how long", () => {
    expect(formatEta(null)).toBe("");
    expect(formatEta(0.3)).toBe("a moment");
    expect(formatEta(8.2)).toBe("about 8 s");
    expect(formatEta(120)).toBe("about 2 min");
    expect(formatEta(89)).toBe("about 1 min");
    expect(formatEta(3600)).toBe("about 1 h");
    expect(formatEta(3900)).toBe("about 1 h 5 min");
    expect(formatEta(3 * 86400)).toBe("about 3 d");
  });
});

describe("dates", () => {
  it("formats local date and time", () => {
    const ms = new Date(2024, 2, 5, 14, 7).getTime();
    expect(formatDate(ms)).toBe("2024-03-05 14:07");
    expect(formatDate(null)).toBe("—");
  });
  it("formats ages", () => {
    expect(formatAge(10_000)).toBe("just now");
    expect(formatAge(5 * 60_000)).toBe("5 min ago");
    expect(formatAge(3 * 3600_000)).toBe("3 h ago");
    expect(formatAge(30 * 3600_000)).toBe("yesterday");
    expect(formatAge(5 * 86400_000)).toBe("5 days ago");
    expect(formatAge(90 * 86400_000)).toBe("3 months ago");
    expect(formatAge(1100 * 86400_000)).toBe("3 years ago");
  });
});

describe("photo metadata", () => {
  it("writes the date taken on the clock where it was taken", () => {
    // 2019-07-14 18:42:07 +02:00
    const utc = Date.UTC(2019, 6, 14, 16, 42, 7);
    expect(formatTaken(utc, 120)).toBe("Sun 14 Jul 2019, 18:42 (UTC+02:00)");
    expect(formatTaken(utc, -300)).toBe("Sun 14 Jul 2019, 11:42 (UTC−05:00)");
    // Late in Tokyo is already the next day there.
    expect(formatTaken(Date.UTC(2019, 6, 14, 16, 30), 540)).toBe("Mon 15 Jul 2019, 01:30 (UTC+09:00)");
    // A floating time (no offset) is shown as the camera wrote it.
    expect(formatTaken(Date.UTC(2019, 6, 14, 18, 42), null)).toBe("Sun 14 Jul 2019, 18:42");
  });
  it("writes offsets and coordinates", () => {
    expect(formatOffset(0)).toBe("UTC+00:00");
    expect(formatOffset(330)).toBe("UTC+05:30");
    expect(formatOffset(-570)).toBe("UTC−09:30");
    expect(formatCoordinates(35.01163, 135.76812)).toBe("35.0116° N, 135.7681° E");
    expect(formatCoordinates(-33.8688, -70.6693)).toBe("33.8688° S, 70.6693° W");
  });
});

describe("labels", () => {
  it("formats dimensions", () => {
    expect(formatDimensions(1920, 1080)).toBe("1920 × 1080");
    expect(formatDimensions(null, 10)).toBe("");
  });
  it("makes the engine's phrases sentences", () => {
    expect(sentence("named .png, but it is a text file")).toBe("Named .png, but it is a text file");
    expect(sentence("")).toBe("");
  });
});

describe("facts", () => {
  const fact = (value: Fact["value"], text: string, unit: string | null = null): Fact => ({
    key: "k",
    label: "K",
    group: "G",
    unit,
    value,
    text,
    iso8601: null,
    source: "x",
  });

  it("writes a value with its unit", () => {
    expect(formatFact(fact({ kind: "real", real: 41.5 }, "41.5", "°C"))).toBe("41.5 °C");
    expect(formatFact(fact({ kind: "text", text: "calm" }, "calm"))).toBe("calm");
  });

  it("writes a document's words on one line, cut short", () => {
    const words = "Kyoto trip itinerary\n\nDay 1\n\tLand at KIX.\n" + "and more words ".repeat(40);
    // The engine's excerpt as it sends it.
    const engine = fact({ kind: "document", text: words }, "Kyoto trip itinerary Day 1 Land at KIX. and more…");
    expect(formatFact(engine)).toBe("Kyoto trip itinerary Day 1 Land at KIX. and more…");
    // Without one (an older engine), the page makes its own from the words.
    const own = formatFact(fact({ kind: "document", text: words }, ""));
    expect(own).not.toMatch(/[\n\t]/);
    expect(own.startsWith("Kyoto trip itinerary Day 1 Land at KIX. and more words")).toBe(true);
    expect(own.endsWith("…")).toBe(true);
    expect(own.length).toBeLessThanOrEqual(201);
  });

  it("flattens text to one line", () => {
    expect(oneLine("  a\n\n b\tc  ")).toBe("a b c");
    expect(oneLine("abcdef", 3)).toBe("abc…");
  });
});
