import { describe, expect, it } from "vitest";
import { buildQuery, dateFilter, emptyFilters, hasFilters, tagFilter, typeFilter } from "./query";

describe("buildQuery", () => {
  it("is empty for no text and no filters", () => {
    expect(buildQuery(emptyFilters)).toBe("");
    expect(buildQuery({ ...emptyFilters, text: "   " })).toBe("");
  });

  it("keeps the typed text, trimmed", () => {
    expect(buildQuery({ ...emptyFilters, text: '  beach -draft "old town" ' })).toBe('beach -draft "old town"');
  });

  it("appends every filter in a fixed order", () => {
    expect(
      buildQuery({
        text: "trip",
        type: "image",
        tag: "summer 2024",
        from: "2024-01-01",
        to: "2024-12-31",
        size: "gt10mb",
      }),
    ).toBe('trip type:image tag:"summer 2024" created:2024-01-01..2024-12-31 size:>10mb');
  });

  it("builds filters without text", () => {
    expect(buildQuery({ ...emptyFilters, type: "video" })).toBe("type:video");
    expect(buildQuery({ ...emptyFilters, size: "lt100kb" })).toBe("size:<100kb");
    expect(buildQuery({ ...emptyFilters, size: "1mb-10mb" })).toBe("size:1mb..10mb");
  });

  it("reports whether filters narrow the results", () => {
    expect(hasFilters({ ...emptyFilters, text: "x" })).toBe(false);
    expect(hasFilters({ ...emptyFilters, tag: "x" })).toBe(true);
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

  it("builds open and closed date ranges", () => {
    expect(dateFilter("", "")).toBe("");
    expect(dateFilter("2024-01-01", "")).toBe("created:2024-01-01..");
    expect(dateFilter("", "2024-06-30")).toBe("created:..2024-06-30");
    expect(dateFilter("2024-12-31", "2024-01-01")).toBe("created:2024-01-01..2024-12-31");
    expect(dateFilter("yesterday", "")).toBe("");
  });
});
