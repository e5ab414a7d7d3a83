// Writes build/icon.png (1024×1024): a teal rounded square with a white clipboard cross.
// electron-builder derives the .ico and .icns from it. Run once: node build/make-icon.js
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 1024;
const px = Buffer.alloc(N * (N * 4 + 1));
const inRounded = (x, y, r0, r1, rad) => {
  const cx = Math.min(Math.max(x, r0 + rad), r1 - rad);
  const cy = Math.min(Math.max(y, r0 + rad), r1 - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
};
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const o = y * (N * 4 + 1) + 1 + x * 4;
    let c = [0, 0, 0, 0];
    if (inRounded(x, y, 64, N - 64, 180)) c = [0, 121, 107, 255];
    const bar =
      (Math.abs(x - N / 2) < 70 && Math.abs(y - N / 2) < 260) ||
      (Math.abs(y - N / 2) < 70 && Math.abs(x - N / 2) < 260);
    if (c[3] && bar) c = [255, 255, 255, 255];
    px.set(c, o);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(px, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
