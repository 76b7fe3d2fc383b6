/// <reference types="mocha" />
// Renders each of this package's elements in the states the README shows and saves a PNG
// through the `fb-screenshot` command (test/screenshots.wtr.config.mjs).
import { expect } from '@esm-bundle/chai';
import '../src/define/fb-rating.js';
import '../src/define/fb-prompt.js';
import type { FbPrompt } from '../src/fb-prompt.js';
import { command, emulateMedia, setViewport } from './wtr.js';

async function shoot(name: string, markup: string, width = 480) {
  await setViewport({ width, height: 640 });
  document.body.style.margin = '0';
  document.body.innerHTML = `<div id="frame" style="padding:16px;display:inline-block;width:${width - 32}px">${markup}</div>`;
  for (const el of document.querySelectorAll('fb-rating, fb-prompt')) await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  const prompt = document.querySelector<FbPrompt>('fb-prompt');
  if (prompt) {
    prompt.show();
    await prompt.updateComplete;
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  const box = prompt ? { x: 0, y: 0, width, height: 640 } : document.getElementById('frame')!.getBoundingClientRect();
  const clip = { x: box.x, y: box.y, width: Math.ceil(box.width), height: Math.ceil(box.height) };
  expect(await command('fb-screenshot', { name, clip })).to.equal(true);
}

describe('docs screenshots', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));
  it('fb-rating nps (light)', () => shoot('fb-rating-nps', '<fb-rating scale="nps" value="9" lang="en"></fb-rating>'));
  it('fb-rating nps at 320 px (wraps)', () => shoot('fb-rating-nps-320', '<fb-rating scale="nps" value="9" lang="en"></fb-rating>', 320));
  it('fb-rating stars (dark)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    document.documentElement.style.background = '#1f2328';
    try {
      await shoot('fb-rating-stars-dark', '<fb-rating scale="stars" value="4" lang="en" submit-button></fb-rating>');
    } finally {
      document.documentElement.style.background = '';
    }
  });
  it('fb-rating evaluator (zh-CN)', () => shoot('fb-rating-evaluator-zh', '<fb-rating scale="evaluator" points="5" value="4" lang="zh-CN"></fb-rating>'));
  it('fb-rating csat (Arabic, RTL)', () => shoot('fb-rating-csat-ar', '<fb-rating scale="csat" value="4" lang="ar" dir="rtl"></fb-rating>'));
  it('fb-rating smiley and thumbs', () =>
    shoot('fb-rating-smiley-thumbs', '<fb-rating scale="smiley" value="5" lang="en"></fb-rating><br><fb-rating scale="thumbs" value="1" lang="en"></fb-rating>'));
  it('fb-prompt card with an NPS rating', () =>
    shoot('fb-prompt-card', `<p>Page content</p><fb-prompt lang="en" prompt-id="shot-${Date.now()}"><fb-rating scale="nps" lang="en"></fb-rating></fb-prompt>`, 640));
});
