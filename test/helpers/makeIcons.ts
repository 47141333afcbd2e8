/**
 * Generates the Teams app icons in appPackage/ with Node built-ins only:
 *   color.png   192×192, full colour: dark-blue square (Teams rounds the corners)
 *               with a white shield carrying a blue "watch" eye.
 *   outline.png 32×32, white shield outline with a dot on a transparent background.
 *
 * Run once after changing the drawing:  npx ts-node test/helpers/makeIcons.ts
 * The PNGs are RGBA, 8 bit, not interlaced, filter type 0 on every row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export type Rgba = [number, number, number, number];

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes a pixel) as a PNG with filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type 0 (None)
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- shapes
// All shapes work in a unit box: x, y in [0, 1], y downwards.

/** Shield: top edge dips slightly in the middle, straight sides, parabolic taper to a point. */
function inShield(x: number, y: number, cx: number, top: number, bottom: number, halfW: number): boolean {
  const dx = Math.abs(x - cx);
  if (dx > halfW) return false;
  const u = dx / halfW;
  const dip = (bottom - top) * 0.06;
  const topEdge = top + dip * (1 - u * u);
  if (y < topEdge) return false;
  const shoulder = top + (bottom - top) * 0.42;
  if (y <= shoulder) return true;
  const t = (y - shoulder) / (bottom - shoulder);
  if (t > 1) return false;
  return dx <= halfW * (1 - Math.pow(t, 1.7));
}

/** Almond-shaped eye: intersection of two circles, centred at (cx, cy). */
function inEye(x: number, y: number, cx: number, cy: number, halfW: number, halfH: number): boolean {
  // Circle through (±halfW, 0) and (0, ±halfH): radius R, centre offset d from the eye centre.
  const R = (halfW * halfW + halfH * halfH) / (2 * halfH);
  const d = R - halfH;
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + (dy - d) * (dy - d) <= R * R && dx * dx + (dy + d) * (dy + d) <= R * R;
}

function inCircle(x: number, y: number, cx: number, cy: number, r: number): boolean {
  return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

/** Renders with SS×SS supersampling; `paint` returns the colour at a unit-box point (alpha 0 = nothing). */
function render(size: number, paint: (x: number, y: number) => Rgba, ss = 4): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = paint((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          // premultiplied accumulation
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      const n = ss * ss;
      if (a === 0) {
        out.set([255, 255, 255, 0], i);
      } else {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round(a / n);
      }
    }
  }
  return out;
}

const BLUE: Rgba = [0x1f, 0x4e, 0x79, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const NONE: Rgba = [255, 255, 255, 0];

export function colorIcon(): Uint8Array {
  // Symbol kept inside the central area Teams recommends (about 96–120 px of 192).
  const shield = { cx: 0.5, top: 0.2, bottom: 0.82, halfW: 0.27 };
  const eye = { cx: 0.5, cy: 0.45, halfW: 0.175, halfH: 0.095 };
  return render(192, (x, y) => {
    if (!inShield(x, y, shield.cx, shield.top, shield.bottom, shield.halfW)) return BLUE;
    if (inCircle(x, y, eye.cx, eye.cy, 0.032)) return BLUE; // pupil
    if (inCircle(x, y, eye.cx, eye.cy, 0.065)) return WHITE; // iris
    if (inEye(x, y, eye.cx, eye.cy, eye.halfW, eye.halfH)) return BLUE;
    return WHITE;
  });
}

export function outlineIcon(): Uint8Array {
  const shield = { cx: 0.5, top: 0.08, bottom: 0.94, halfW: 0.38 };
  const stroke = 2.2 / 32;
  const inside = (x: number, y: number) => inShield(x, y, shield.cx, shield.top, shield.bottom, shield.halfW);
  const dirs = Array.from({ length: 24 }, (_, k) => [Math.cos((k * Math.PI) / 12), Math.sin((k * Math.PI) / 12)] as const);
  return render(32, (x, y) => {
    if (!inside(x, y)) return NONE;
    // Stroke: inside the shield and within `stroke` of its edge.
    if (dirs.some(([dx, dy]) => !inside(x + dx * stroke, y + dy * stroke))) return WHITE;
    if (inCircle(x, y, 0.5, 0.43, 0.11)) return WHITE; // the "watch" dot
    return NONE;
  }, 6);
}

if (require.main === module) {
  const dir = join(__dirname, '..', '..', 'appPackage');
  writeFileSync(join(dir, 'color.png'), encodePng(192, 192, colorIcon()));
  writeFileSync(join(dir, 'outline.png'), encodePng(32, 32, outlineIcon()));
  console.log(`wrote ${dir}/color.png and outline.png`);
}
