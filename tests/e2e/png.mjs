// A small PNG writer, so the tests make their own pictures (nothing is
// downloaded, and no image tool is needed on the test machine).
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes an RGB picture; `pixel(x, y)` returns [r, g, b]. */
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let i = 0;
  for (let y = 0; y < height; y++) {
    raw[i++] = 0; // no filter
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[i++] = r;
      raw[i++] = g;
      raw[i++] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A small seeded random number generator (mulberry32). */
function random(seed) {
  let a = seed * 2654435761;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A picture of its own: `seed` picks a few low-frequency waves and two
 * colours, so two seeds look unrelated to a perceptual hash, while one seed
 * at two sizes is a near duplicate.
 */
export function writePicture(path, seed, width, height) {
  const rand = random(seed + 1);
  const waves = Array.from({ length: 4 }, () => ({
    fx: Math.floor(rand() * 4),
    fy: Math.floor(rand() * 4),
    phase: rand() * Math.PI * 2,
    weight: 0.5 + rand(),
  }));
  const colour = () => [rand() * 255, rand() * 255, rand() * 255];
  const [a, b] = [colour(), colour()];
  const png = encodePng(width, height, (x, y) => {
    let v = 0;
    for (const w of waves) v += w.weight * Math.sin(2 * Math.PI * (w.fx * (x / width) + w.fy * (y / height)) + w.phase);
    const t = 1 / (1 + Math.exp(-v * 1.5));
    return a.map((c, i) => Math.round(c * t + b[i] * (1 - t)));
  });
  writeFileSync(path, png);
}
