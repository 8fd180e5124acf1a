/**
 * Draws the add-in's icon — a gold five-pointed star on a red disc with a gold rim — at the sizes the
 * manifest names (16, 32, 64, 80) plus 300 px for a store listing, and writes them as PNGs to
 * addin/assets/. A small rasterizer (4×4 supersampling) and a PNG encoder over node:zlib; no
 * image library. The PNGs are committed; run `node scripts/make-icons.ts` after changing this.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

export const iconSizes = [16, 32, 64, 80, 300] as const;

type Rgba = [number, number, number, number];
const RED: Rgba = [196, 38, 46, 255];
const GOLD: Rgba = [255, 210, 63, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (row-major, 4 bytes each) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** The star's ten corners, centred in a unit square. */
function starPolygon(): [number, number][] {
  const points: [number, number][] = [];
  const outer = 0.36;
  const inner = outer * 0.382;
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([0.5 + r * Math.cos(angle), 0.53 + r * Math.sin(angle)]);
  }
  return points;
}

function insidePolygon(x: number, y: number, poly: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as [number, number];
    const [xj, yj] = poly[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from the icon's centre, in units of the icon's width. */
function radiusAt(x: number, y: number): number {
  return Math.hypot(x - 0.5, y - 0.5);
}

/** The icon at `size` px as RGBA, each pixel the mean of 4×4 samples. */
export function drawIcon(size: number): Uint8Array {
  const star = starPolygon();
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  // The rim is at least one pixel wide at 16 px, and 4 % of the width at larger sizes.
  const rim = 0.49 - Math.max(0.04, 1 / size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          const r = radiusAt(x, y);
          const colour = r > 0.49 ? CLEAR : r > rim || insidePolygon(x, y, star) ? GOLD : RED;
          // Premultiplied, so edges against transparency do not darken.
          for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (colour[k] as number) * colour[3];
          sum[3] = (sum[3] as number) + colour[3];
        }
      }
      const i = (py * size + px) * 4;
      const alpha = (sum[3] as number) / (n * n);
      for (let k = 0; k < 3; k++)
        out[i + k] = alpha ? Math.round((sum[k] as number) / (sum[3] as number)) : 0;
      out[i + 3] = Math.round(alpha);
    }
  }
  return out;
}

export function writeIcons(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return iconSizes.map((size) => {
    const file = join(dir, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    return file;
  });
}

if (import.meta.main) {
  for (const file of writeIcons(join(import.meta.dirname, "..", "addin", "assets"))) console.log(file);
}
