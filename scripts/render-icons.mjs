// One-off: renders the SecureCall artwork (SVG below) to the PNG icons in public/icons/ with Chromium.
// Run `node scripts/render-icons.mjs` after changing the artwork, then commit the PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { chromium } from 'playwright-core';

const OUT = new URL('../public/icons/', import.meta.url);
const BACKGROUND = '#0f172a';
const SHIELD = 'M32 9 13 16.5V30c0 11.6 8 21.6 19 25 11-3.4 19-13.4 19-25V16.5z';
const HANDSET = 'M24.5 25.5c0-2 1.5-3.2 3-3.2h2.2l2.2 6.2-2.6 1.6a12.5 12.5 0 0 0 5.3 5.3l1.6-2.6 6.2 2.2v2.2c0 1.5-1.2 3-3.2 3-8.4 0-14.7-6.3-14.7-14.7z';
const DEFS = `<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4ade80"/><stop offset="1" stop-color="#16a34a"/></linearGradient></defs>`;

/** The shield with the handset, scaled about the centre of the 64-unit canvas. */
const emblem = (scale) =>
  `<g transform="translate(32 32) scale(${scale}) translate(-32 -32)"><path d="${SHIELD}" fill="url(#g)"/><path d="${HANDSET}" fill="${BACKGROUND}"/></g>`;

const svg = (body) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${DEFS}${body}</svg>`;

const ARTWORK = {
  // "any": a rounded tile, transparent corners.
  any: svg(`<rect width="64" height="64" rx="14" fill="${BACKGROUND}"/>${emblem(1)}`),
  // "maskable": full bleed, emblem inside the 80% safe circle.
  maskable: svg(`<rect width="64" height="64" fill="${BACKGROUND}"/>${emblem(0.7)}`),
  // iOS rounds the corners itself and shows transparency as black.
  apple: svg(`<rect width="64" height="64" fill="${BACKGROUND}"/>${emblem(0.82)}`),
  // The "New call" shortcut: handset and a plus.
  newCall: svg(
    `<circle cx="32" cy="32" r="32" fill="url(#g)"/><g transform="translate(-6 -2)"><path d="${HANDSET}" fill="${BACKGROUND}"/></g>` +
      `<path d="M43 16h4v7h7v4h-7v7h-4v-7h-7v-4h7z" fill="${BACKGROUND}"/>`,
  ),
};

const ICONS = [
  ['icon-192.png', 'any', 192],
  ['icon-512.png', 'any', 512],
  ['maskable-192.png', 'maskable', 192],
  ['maskable-512.png', 'maskable', 512],
  ['apple-touch-icon-180.png', 'apple', 180],
  ['shortcut-new-call-96.png', 'newCall', 96],
];

mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('../public/favicon.svg', import.meta.url), ARTWORK.any + '\n');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const [file, art, size] of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<body style="margin:0">${ARTWORK[art].replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
    writeFileSync(new URL(file, OUT), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  }
} finally {
  await browser.close();
}
