import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatBytes,
  formatCount,
  formatDate,
  formatDimensions,
  formatEta,
  formatRate,
  plural,
  typeLabel,
} from "./format";

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

describe("labels", () => {
  it("formats dimensions", () => {
    expect(formatDimensions(1920, 1080)).toBe("1920 × 1080");
    expect(formatDimensions(null, 10)).toBe("");
  });
  it("names file types", () => {
    expect(typeLabel("image/jpeg")).toBe("JPEG");
    expect(typeLabel("image/svg+xml")).toBe("SVG");
    expect(typeLabel("application/octet-stream", "notes.md")).toBe("MD");
    expect(typeLabel("text/plain", "readme.txt")).toBe("TXT");
    expect(typeLabel("text/plain", "README")).toBe("PLAIN");
    expect(typeLabel("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx")).toBe("DOCX");
    expect(typeLabel("", "")).toBe("FILE");
  });
});
