import { describe, expect, it } from "vitest";
import type { Resource } from "./bindings";
import { defaultKeep } from "./duplicates";

function res(id: number, width: number | null, height: number | null, size: number): Resource {
  return {
    id,
    name: `r${id}`,
    original_name: "",
    original_path: "",
    stored_path: "",
    content_type: "image/jpeg",
    size,
    content_rev: 1,
    md5: null,
    perceptual_hash: null,
    width,
    height,
    thumbnail: null,
    preview: null,
    media_note: null,
    description: "",
    watched_folder_id: null,
    availability: "present",
    tags: [],
    groups: [],
    created_at: 0,
    updated_at: 0,
  };
}

describe("defaultKeep", () => {
  it("keeps the one with the most pixels", () => {
    expect(defaultKeep([res(1, 800, 600, 900), res(2, 1600, 1200, 500), res(3, 1024, 768, 2000)])).toBe(2);
  });
  it("breaks ties by file size, then keeps the first", () => {
    expect(defaultKeep([res(1, 10, 10, 100), res(2, 10, 10, 300)])).toBe(2);
    expect(defaultKeep([res(1, null, null, 5), res(2, null, null, 5)])).toBe(1);
  });
  it("has nothing to keep in an empty group", () => {
    expect(defaultKeep([])).toBeNull();
  });
});
