/**
 * Draws the app icon (build/icons/icon.png, 512×512 RGBA) with no image library: two VPCs
 * (rounded squares) joined by a router-interface link, on a blue tile. Run: npx tsx build/icons/makeIcon.ts
 * The PNG is written by hand (signature, IHDR, IDAT via node:zlib, IEND) so the output is
 * byte-for-byte reproducible.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Signed distance to a rounded rectangle centred at (cx, cy). */
function roundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to the segment (ax, ay)–(bx, by). */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

const coverage = (distance: number) => Math.max(0, Math.min(1, 0.5 - distance));

export function drawIcon(size = SIZE): Uint8Array {
  const s = size / 512;
  const px = new Uint8Array(size * size * 4);
  const layers: Array<[(x: number, y: number) => number, [number, number, number]]> = [
    [(x, y) => roundedRect(x, y, 256 * s, 256 * s, 240 * s, 240 * s, 96 * s), [0x1f, 0x6f, 0xeb]],
    [(x, y) => segment(x, y, 150 * s, 330 * s, 362 * s, 182 * s) - 14 * s, [0xff, 0xff, 0xff]],
    [(x, y) => roundedRect(x, y, 150 * s, 330 * s, 78 * s, 78 * s, 22 * s), [0xff, 0xff, 0xff]],
    [(x, y) => roundedRect(x, y, 150 * s, 330 * s, 52 * s, 52 * s, 12 * s), [0x1f, 0x6f, 0xeb]],
    [(x, y) => roundedRect(x, y, 362 * s, 182 * s, 78 * s, 78 * s, 22 * s), [0xff, 0xff, 0xff]],
    [(x, y) => roundedRect(x, y, 362 * s, 182 * s, 52 * s, 52 * s, 12 * s), [0xff, 0x8a, 0x00]],
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const [shape, [lr, lg, lb]] of layers) {
        const c = coverage(shape(x + 0.5, y + 0.5));
        if (c === 0) continue;
        // "over" compositing, premultiplied
        r = lr * c + r * (1 - c);
        g = lg * c + g * (1 - c);
        b = lb * c + b * (1 - c);
        a = c + a * (1 - c);
      }
      const i = (y * size + x) * 4;
      px[i] = a ? Math.round(r / a) : 0;
      px[i + 1] = a ? Math.round(g / a) : 0;
      px[i + 2] = a ? Math.round(b / a) : 0;
      px[i + 3] = Math.round(a * 255);
    }
  }
  return px;
}

if (process.argv[1] && /makeIcon\.ts$/.test(process.argv[1])) {
  const dir = join(process.cwd(), 'build', 'icons');
  writeFileSync(join(dir, 'icon.png'), encodePng(SIZE, SIZE, drawIcon(SIZE)));
  writeFileSync(join(dir, '256x256.png'), encodePng(256, 256, drawIcon(256)));
  console.log('wrote build/icons/icon.png (512×512) and 256x256.png');
}
