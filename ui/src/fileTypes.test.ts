import { describe, expect, it } from "vitest";
import { companionMark, isDocument, isMonospaceText, isRaw, isWebImage, typeGlyph, typeLabel } from "./fileTypes";

describe("typeLabel", () => {
  it("names the types the engine reads from the bytes", () => {
    const cases: Array<[string, string]> = [
      ["image/jpeg", "JPEG"],
      ["image/png", "PNG"],
      ["image/heif", "HEIC"],
      ["image/heic", "HEIC"],
      ["image/avif", "AVIF"],
      ["image/svg+xml", "SVG"],
      ["image/tiff", "TIFF"],
      ["image/webp", "WEBP"],
      ["video/mp4", "MP4"],
      ["video/quicktime", "MOV"],
      ["application/pdf", "PDF"],
      ["text/plain", "TXT"],
      ["text/markdown", "MD"],
      ["text/csv", "CSV"],
      ["audio/mpeg", "MP3"],
      ["audio/x-flac", "FLAC"],
      ["audio/ogg", "OGG"],
      ["audio/x-wav", "WAV"],
      ["audio/m4a", "M4A"],
      ["application/x-empty", "Empty"],
      ["application/octet-stream", "File"],
      ["application/zip", "ZIP"],
      ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"],
    ];
    expect(cases.map(([type]) => [type, typeLabel(type)])).toEqual(cases);
  });

  it("names a raw file by its format", () => {
    expect(typeLabel("image/x-adobe-dng")).toBe("DNG");
    expect(typeLabel("image/x-nikon-nef")).toBe("NEF");
    expect(typeLabel("image/x-canon-cr2")).toBe("CR2");
    expect(typeLabel("image/x-canon-cr3")).toBe("CR3");
    expect(typeLabel("image/x-sony-arw")).toBe("ARW");
    expect(typeLabel("image/x-fuji-raf")).toBe("RAF");
    expect(typeLabel("image/x-hasselblad-3fr")).toBe("3FR");
  });

  it("believes the bytes, not the name", () => {
    // A text file named .png is text; junk named .md is no Markdown.
    expect(typeLabel("text/plain", "screenshot.png")).toBe("TXT");
    expect(typeLabel("application/octet-stream", "notes.md")).toBe("File");
    expect(typeLabel("application/x-empty", "photo.jpg")).toBe("Empty");
    expect(typeLabel("image/png", "photo.jpg")).toBe("PNG");
  });

  it("lets the name refine plain text only", () => {
    expect(typeLabel("text/plain", "notes.md")).toBe("MD");
    expect(typeLabel("text/plain", "sync.log")).toBe("LOG");
    expect(typeLabel("text/plain", "README")).toBe("TXT");
    expect(typeLabel("text/csv", "data.txt")).toBe("CSV");
  });

  it("says something readable for types it has no word for", () => {
    expect(typeLabel("application/x-tar")).toBe("TAR");
    expect(typeLabel("image/x-portable-pixmap")).toBe("Image");
    expect(typeLabel("audio/x-something-long")).toBe("Sound");
    expect(typeLabel("application/vnd.sqlite3")).toBe("File");
    expect(typeLabel("IMAGE/JPEG; q=1")).toBe("JPEG");
    // Only a type never recorded falls back to the name.
    expect(typeLabel("", "clip.mkv")).toBe("MKV");
    expect(typeLabel("", "")).toBe("File");
  });
});

describe("companionMark", () => {
  it("names the attached raw file by its format", () => {
    expect(companionMark("image/x-adobe-dng")).toBe("+DNG");
    expect(companionMark("image/x-canon-cr2")).toBe("+CR2");
    expect(companionMark("IMAGE/X-FUJI-RAF")).toBe("+RAF");
  });

  it("says RAW for a raw type that names no format", () => {
    expect(companionMark("image/x-portable-pixmap")).toBe("+RAW");
    expect(companionMark("")).toBe("+RAW");
  });
});

describe("families", () => {
  it("knows raw files, documents and what the webview shows", () => {
    expect(isRaw("image/x-nikon-nef")).toBe(true);
    expect(isRaw("image/x-icon")).toBe(false);
    expect(isDocument("application/pdf")).toBe(true);
    expect(isDocument("text/csv")).toBe(true);
    expect(isDocument("image/svg+xml")).toBe(false);
    expect(isMonospaceText("text/plain")).toBe(true);
    expect(isMonospaceText("text/csv")).toBe(true);
    expect(isMonospaceText("text/markdown")).toBe(false);
    expect(isMonospaceText("application/pdf")).toBe(false);
    expect(isWebImage("image/jpeg")).toBe(true);
    expect(isWebImage("image/heif")).toBe(false);
    expect(isWebImage("image/x-adobe-dng")).toBe(false);
  });

  it("draws a glyph for documents and sounds only", () => {
    expect(typeGlyph("text/plain")).toBe("document");
    expect(typeGlyph("application/pdf")).toBe("document");
    expect(typeGlyph("audio/mpeg")).toBe("sound");
    expect(typeGlyph("image/heif")).toBeNull();
    expect(typeGlyph("application/octet-stream")).toBeNull();
  });
});
