import { describe, expect, it } from "vitest";
import { importMessage, scanMessage } from "./import";

describe("importMessage", () => {
  it("counts imported files", () => {
    expect(importMessage({ imported: 12, failed: [] })).toEqual({ text: "Imported 12 files", details: [], ok: true });
    expect(importMessage({ imported: 1, failed: [] }).text).toBe("Imported 1 file");
  });

  it("lists failures with reasons, a few at most", () => {
    const failed = Array.from({ length: 7 }, (_, i) => ({ path: `/a/${i}.jpg`, error: "unreadable" }));
    const m = importMessage({ imported: 3, failed });
    expect(m.ok).toBe(false);
    expect(m.text).toBe("Imported 3 files, 7 files failed");
    expect(m.details).toHaveLength(6);
    expect(m.details[0]).toBe("/a/0.jpg: unreadable");
    expect(m.details[5]).toBe("…and 2 more");
  });
});

describe("scanMessage", () => {
  const report = { folder_id: 1, path: "/photos", online: true, added: 40, changed: 0, moved: 0, missing: 0, restored: 0, unsettled: 0, scanned: 40, failed: [] };
  it("says how many files a new folder brought", () => {
    expect(scanMessage(report)).toEqual({ text: "/photos: 40 files added", details: [], ok: true });
  });
  it("names what could not be read", () => {
    const m = scanMessage({ ...report, failed: [{ path: "/photos/private", error: "permission denied" }] });
    expect(m.ok).toBe(false);
    expect(m.text).toBe("/photos: 40 files added, 1 place could not be read");
    expect(m.details).toEqual(["/photos/private: permission denied"]);
  });
});
