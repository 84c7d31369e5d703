// Draws the app icon and writes assets/icon.png (512x512) and assets/icon.ico (16-256 px).
// No image libraries: shapes are sampled 4x4 per pixel, PNGs are written with zlib, the ICO
// holds classic 32-bit bitmaps up to 64 px and PNGs above (what Windows and NSIS expect).
// Deterministic: running it again produces the same bytes.  Usage: node scripts/make-icons.mjs
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLES = 4;

// --- the drawing, in unit coordinates (0..1, y down) ------------------------------------------
const TOP = [37, 99, 235]; // background gradient, top
const BOTTOM = [30, 58, 138]; // and bottom
const WHITE = [255, 255, 255];
const GREEN = [74, 222, 128];

const RING_R = 0.27;
const RING_W = 0.075;
const deg = (d) => (d * Math.PI) / 180;
// Two arcs chasing each other clockwise (the "sync" arrows), each ending in an arrowhead.
const ARCS = [
  { from: deg(65), to: deg(205) },
  { from: deg(245), to: deg(385) },
];

function insideRoundedSquare(x, y) {
  const r = 0.2;
  const m = 0.03; // margin, so the shape does not touch the edge
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
}

function angleOf(x, y) {
  const a = Math.atan2(0.5 - y, x - 0.5); // math convention: counter-clockwise, y up
  return a < 0 ? a + 2 * Math.PI : a;
}

function onArc(x, y) {
  const d = Math.hypot(x - 0.5, y - 0.5);
  if (Math.abs(d - RING_R) > RING_W / 2) return false;
  const a = angleOf(x, y);
  return ARCS.some(({ from, to }) => (a >= from && a <= to) || (a + 2 * Math.PI >= from && a + 2 * Math.PI <= to));
}

const polar = (a, r) => [0.5 + r * Math.cos(a), 0.5 - r * Math.sin(a)];

function inTriangle(p, a, b, c) {
  const s = (p1, p2, p3) => (p1[0] - p3[0]) * (p2[1] - p3[1]) - (p2[0] - p3[0]) * (p1[1] - p3[1]);
  const d1 = s(p, a, b);
  const d2 = s(p, b, c);
  const d3 = s(p, c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

// Arrowheads at the clockwise end (the "from" angle) of each arc, pointing clockwise.
const HEADS = ARCS.map(({ from }) => [polar(from, RING_R - RING_W * 1.25), polar(from, RING_R + RING_W * 1.25), polar(from - deg(24), RING_R)]);

function onCross(x, y) {
  const arm = 0.1;
  const half = 0.036;
  const dx = Math.abs(x - 0.5);
  const dy = Math.abs(y - 0.5);
  return (dx <= half && dy <= arm) || (dy <= half && dx <= arm);
}

/** Colour and coverage of one sample point; null outside the icon. */
function sample(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  if (onCross(x, y)) return GREEN;
  if (onArc(x, y) || HEADS.some(([a, b, c]) => inTriangle([x, y], a, b, c))) return WHITE;
  return TOP.map((t, i) => Math.round(t + (BOTTOM[i] - t) * y));
}

/** size x size RGBA, straight (not premultiplied) alpha. */
function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          hits++;
        }
      }
      const o = (py * size + px) * 4;
      if (hits === 0) continue;
      rgba[o] = Math.round(r / hits);
      rgba[o + 1] = Math.round(g / hits);
      rgba[o + 2] = Math.round(b / hits);
      rgba[o + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  return rgba;
}

// --- PNG ---------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- ICO ---------------------------------------------------------------------------------------
/** A classic icon image: BITMAPINFOHEADER, bottom-up BGRA, then an all-zero AND mask. */
function encodeDib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND mask heights
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, pixels, mask]);
}

export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

async function main() {
  const png = encodePng(512, render(512));
  const ico = encodeIco(
    ICO_SIZES.map((size) => {
      const rgba = render(size);
      return { size, data: size <= 64 ? encodeDib(size, rgba) : encodePng(size, rgba) };
    }),
  );
  await writeFile(path.join(ROOT, 'assets', 'icon.png'), png);
  await writeFile(path.join(ROOT, 'assets', 'icon.ico'), ico);
  console.log(`make-icons: assets/icon.png (512x512, ${png.length} bytes), assets/icon.ico (${ICO_SIZES.join(', ')} px, ${ico.length} bytes)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
