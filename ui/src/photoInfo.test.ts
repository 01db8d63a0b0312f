import { describe, expect, it } from "vitest";
import type { Fact } from "./bindings";
import { readPhotoInfo } from "./photoInfo";

const f = (key: string, group: string, value: Fact["value"], text: string, unit: string | null = null): Fact => ({
  key,
  label: key,
  group,
  unit,
  value,
  text,
  iso8601: null,
  source: "metadata",
});

// A photo as the metadata handler describes it.
const photo: Fact[] = [
  f("taken", "Time", { kind: "timestamp", utc_ms: Date.UTC(2019, 6, 14, 16, 42, 7), offset_minutes: 120 }, "2019-07-14 18:42:07 +02:00"),
  f("camera", "Camera", { kind: "text", text: "Canon EOS 5D Mark II" }, "Canon EOS 5D Mark II"),
  f("lens", "Camera", { kind: "text", text: "EF24-105mm f/4L IS USM" }, "EF24-105mm f/4L IS USM"),
  f("focal_length", "Exposure", { kind: "real", real: 24 }, "24", "mm"),
  f("focal_length_35", "Exposure", { kind: "real", real: 38 }, "38", "mm"),
  f("aperture", "Exposure", { kind: "real", real: 4 }, "f/4"),
  f("exposure", "Exposure", { kind: "real", real: 0.004 }, "1/250", "s"),
  f("iso", "Exposure", { kind: "integer", integer: 800 }, "800"),
  f("flash", "Exposure", { kind: "text", text: "Fired" }, "Fired"),
  f("gps", "Place", { kind: "geo_point", latitude: 35.0116, longitude: 135.7681 }, "35.0116, 135.7681"),
  f("altitude", "Place", { kind: "real", real: 52 }, "52", "m"),
  f("place", "Place", { kind: "text", text: "Kyoto, Kyoto, Japan" }, "Kyoto, Kyoto, Japan"),
  f("orientation", "Image", { kind: "text", text: "Rotated 90° clockwise" }, "Rotated 90° clockwise"),
  f("title", "Description", { kind: "text", text: "Evening" }, "Evening"),
  f("caption", "Description", { kind: "text", text: "At the temple." }, "At the temple."),
  f("keywords", "Description", { kind: "list", items: ["Places|Japan|Kyoto", "temple"] }, "Places|Japan|Kyoto, temple"),
  f("embedded_rating", "Description", { kind: "integer", integer: 4 }, "4"),
  f("shutter_count", "Camera", { kind: "integer", integer: 4471 }, "4471"),
];

describe("readPhotoInfo", () => {
  it("lays out the metadata handler's facts in blocks", () => {
    const { info } = readPhotoInfo(photo);
    expect(info?.time).toEqual({ text: "Sun 14 Jul 2019, 18:42 (UTC+02:00)", full: "2019-07-14 18:42:07 +02:00" });
    expect(info?.camera).toEqual({ camera: "Canon EOS 5D Mark II", lens: "EF24-105mm f/4L IS USM" });
    expect(info?.exposure.map((p) => p.text).join(" · ")).toBe("ƒ/4 · 1/250 s · ISO 800 · 24 mm (35 mm: 38 mm) · flash fired");
    expect(info?.place).toEqual({ name: "Kyoto, Kyoto, Japan", coordinates: "35.0116° N, 135.7681° E", altitude: "52 m" });
    expect(info?.description).toEqual({
      title: "Evening",
      caption: "At the temple.",
      keywords: [["Places", "Japan", "Kyoto"], ["temple"]],
      rating: 4,
    });
  });

  it("leaves what it does not show for the generic list, in order", () => {
    expect(readPhotoInfo(photo).rest.map((x) => x.key)).toEqual(["orientation", "shutter_count"]);
  });

  it("leaves a known key with an unexpected kind of value for the generic list", () => {
    const odd = f("taken", "Time", { kind: "text", text: "sometime" }, "sometime");
    const { info, rest } = readPhotoInfo([odd]);
    expect(info).toBeNull();
    expect(rest).toEqual([odd]);
  });

  it("leaves a document's words for the generic list, even under a key it knows", () => {
    const words = f("caption", "Description", { kind: "document", text: "line one\nline two" }, "line one line two");
    const { info, rest } = readPhotoInfo([words]);
    expect(info).toBeNull();
    expect(rest).toEqual([words]);
  });

  it("has no blocks for a file without metadata, and only the blocks it has facts for", () => {
    expect(readPhotoInfo([]).info).toBeNull();
    const { info } = readPhotoInfo([photo[5], photo[9]]);
    expect(info?.time).toBeNull();
    expect(info?.camera).toBeNull();
    expect(info?.description).toBeNull();
    expect(info?.exposure.map((p) => p.text)).toEqual(["ƒ/4"]);
    expect(info?.place).toEqual({ name: null, coordinates: "35.0116° N, 135.7681° E", altitude: null });
  });

  it("writes the odd cases plainly", () => {
    const { info } = readPhotoInfo([
      f("aperture", "Exposure", { kind: "real", real: 2.8 }, "2.8"),
      f("focal_length_35", "Exposure", { kind: "real", real: 26 }, "26", "mm"),
      f("flash", "Exposure", { kind: "text", text: "Did not fire" }, "Did not fire"),
      f("embedded_rating", "Description", { kind: "integer", integer: 0 }, "0"),
      f("taken", "Time", { kind: "timestamp", utc_ms: Date.UTC(2019, 6, 14, 18, 42), offset_minutes: null }, "2019-07-14 18:42:00"),
    ]);
    expect(info?.exposure.map((p) => p.text)).toEqual(["ƒ/2.8", "35 mm: 26 mm", "flash did not fire"]);
    // Unrated is no rating at all.
    expect(info?.description).toBeNull();
    expect(info?.time?.text).toBe("Sun 14 Jul 2019, 18:42");
  });
});
