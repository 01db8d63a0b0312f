// Files of the kinds people have besides photos, written by the test:
// HEIC and AVIF by heif-enc (libheif-examples), a DNG and a PDF by hand, an
// MP3 with cover art by ffmpeg, an SVG and a text file as text.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { writePicture } from "./png.mjs";

/** A DNG as Adobe lays it out: IFD0 is the JPEG preview, its SubIFD the sensor data. */
function writeDng(path, jpeg) {
  const entries = [];
  const entry = (tag, type, value) => entries.push([tag, type, value]);
  const ifd0 = 8;
  const ifd0Length = 2 + 12 * 8 + 4;
  const sub = ifd0 + ifd0Length;
  const subLength = 2 + 12 * 4 + 4;
  const previewAt = sub + subLength;
  const sensorAt = previewAt + jpeg.length;
  entry(0x00fe, 4, 1); // a reduced-resolution image: the preview
  entry(0x0103, 3, 7); // JPEG
  entry(0x0106, 3, 6); // YCbCr
  entry(0x0111, 4, previewAt);
  entry(0x0112, 3, 1);
  entry(0x0117, 4, jpeg.length);
  entry(0x014a, 4, sub);
  entry(0xc612, 1, 0x00000401); // DNGVersion 1.4
  const subEntries = [
    [0x00fe, 4, 0],
    [0x0106, 3, 32803], // CFA: sensor data
    [0x0111, 4, sensorAt],
    [0x0117, 4, 16],
  ];
  const directory = (list) => {
    const out = Buffer.alloc(2 + 12 * list.length + 4);
    out.writeUInt16LE(list.length, 0);
    list.forEach(([tag, type, value], i) => {
      const at = 2 + i * 12;
      out.writeUInt16LE(tag, at);
      out.writeUInt16LE(type, at + 2);
      out.writeUInt32LE(1, at + 4);
      if (type === 3) out.writeUInt16LE(value, at + 8);
      else out.writeUInt32LE(value, at + 8);
    });
    return out;
  };
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  writeFileSync(path, Buffer.concat([header, directory(entries), directory(subEntries), jpeg, Buffer.alloc(16, 0x55)]));
}

/** A PDF with one line of Helvetica per page. */
function writePdf(path, pages) {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>"];
  const kids = pages.map((_, i) => `${3 + 2 * i} 0 R`).join(" ");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  const font = 3 + 2 * pages.length;
  pages.forEach((text, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${4 + 2 * i} 0 R >>`);
    const stream = `BT /F1 40 Tf 72 680 Td (${text}) Tj ET`;
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  let out = "%PDF-1.4\n";
  const offsets = objects.map((object, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(path, out, "latin1");
}

/** Writes the folder; returns the names a person would see. */
export function writeKinds(folder) {
  mkdirSync(folder, { recursive: true });
  const scratch = join(folder, ".scratch");
  mkdirSync(scratch, { recursive: true });
  const picture = (name, seed, w, h) => {
    const path = join(scratch, name);
    writePicture(path, seed, w, h);
    return path;
  };
  const quiet = ["-nostdin", "-v", "error", "-y"];
  execFileSync("heif-enc", ["-q", "70", "-o", join(folder, "phone-photo.heic"), picture("a.png", 401, 480, 360)]);
  execFileSync("heif-enc", ["-A", "-q", "70", "-o", join(folder, "web-picture.avif"), picture("b.png", 433, 400, 300)]);
  const jpeg = join(scratch, "preview.jpg");
  execFileSync("ffmpeg", [...quiet, "-i", picture("c.png", 467, 600, 400), jpeg]);
  writeDng(join(folder, "IMG_0420.dng"), readFileSync(jpeg));
  // One shot as RAW+JPEG: shown as one item, the raw attached.
  const pairJpeg = join(folder, "IMG_0500.jpg");
  execFileSync("ffmpeg", [...quiet, "-i", picture("e.png", 523, 600, 400), pairJpeg]);
  writeDng(join(folder, "IMG_0500.dng"), readFileSync(pairJpeg));
  writeFileSync(
    join(folder, "logo.svg"),
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160" viewBox="0 0 240 160">
  <rect width="240" height="160" rx="18" fill="#1d4ed8"/>
  <circle cx="80" cy="80" r="46" fill="#facc15"/>
  <path d="M140 120 L175 40 L210 120 Z" fill="#f8fafc"/>
</svg>`,
  );
  writePdf(join(folder, "ferry-timetable.pdf"), ["Ferry timetable", "Weekdays", "Zanzibar crossing"]);
  const cover = join(scratch, "cover.jpg");
  execFileSync("ffmpeg", [...quiet, "-i", picture("d.png", 499, 300, 300), cover]);
  execFileSync("ffmpeg", [
    ...quiet, "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-i", cover,
    "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "copy", "-id3v2_version", "3",
    "-metadata", "title=Harbour Lights", "-metadata", "artist=Nils Okafor", "-metadata", "album=Night Ferries",
    join(folder, "harbour-lights.mp3"),
  ]);
  writeFileSync(join(folder, "packing-list.txt"), "Packing list\n\n- socks\n- marmalade sandwiches\n- a good book\n");
  rmSync(scratch, { recursive: true, force: true });
  return {
    pictured: ["phone-photo.heic", "web-picture.avif", "IMG_0420.dng", "logo.svg", "ferry-timetable.pdf", "harbour-lights.mp3"],
    text: "packing-list.txt",
    pair: { shown: "IMG_0500.jpg", attached: "IMG_0500.dng" },
  };
}
