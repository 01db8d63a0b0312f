import { describe, expect, it } from "vitest";
import type { ImportSummary } from "./bindings";
import { importMessage, scanMessage } from "./import";

describe("importMessage", () => {
  const summary = (s: Partial<ImportSummary> = {}): ImportSummary => ({ imported: 12, failed: [], verified: false, safe_to_remove: false, ...s });

  it("counts imported files", () => {
    expect(importMessage(summary())).toEqual({ text: "Imported 12 files", details: [], ok: true });
    expect(importMessage(summary({ imported: 1 })).text).toBe("Imported 1 file");
  });

  it("says the card may be removed once every file is on disk", () => {
    expect(importMessage(summary({ imported: 40, safe_to_remove: true }))).toEqual({ text: "Imported 40 files — the card or drive can be removed", details: [], ok: true });
  });

  it("says the copies were verified", () => {
    expect(importMessage(summary({ imported: 40, verified: true }))).toEqual({ text: "Imported 40 files, every copy verified", details: [], ok: true });
    expect(importMessage(summary({ imported: 1, verified: true })).text).toBe("Imported 1 file, its copy verified");
  });

  it("says both, the verification first", () => {
    expect(importMessage(summary({ imported: 40, verified: true, safe_to_remove: true })).text).toBe("Imported 40 files, every copy verified — the card or drive can be removed");
  });

  it("never says the card may go when something failed", () => {
    const failed = [{ path: "/card/DCIM/0001.JPG", error: "unreadable" }];
    // Not sent by the engine, but the failure wins if it ever were.
    const m = importMessage(summary({ imported: 39, failed, safe_to_remove: true }));
    expect(m).toEqual({ text: "Imported 39 files, 1 file failed", details: ["/card/DCIM/0001.JPG: unreadable"], ok: false });
    const v = importMessage(summary({ imported: 39, failed, verified: true }));
    expect(v.text).toBe("Imported 39 files, 1 file failed; every copy made was verified");
    expect(v.details).toEqual(["/card/DCIM/0001.JPG: unreadable"]);
    expect(v.ok).toBe(false);
    expect(importMessage(summary({ imported: 1, failed, verified: true })).text).toBe("Imported 1 file, 1 file failed; the copy made was verified");
  });

  it("lists failures with reasons, a few at most", () => {
    const failed = Array.from({ length: 7 }, (_, i) => ({ path: `/a/${i}.jpg`, error: "unreadable" }));
    const m = importMessage(summary({ imported: 3, failed }));
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
