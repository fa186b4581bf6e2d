// Layout for everyone, in Chromium under wrangler dev: every page in every language fits a
// 320 px wide phone without horizontal scrolling, still fits with the text at 200%, keeps
// its controls at least 24×24 px (WCAG 2.2 target size), and prints without the site's
// furniture. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerAndBrowser } from './browser.mjs';

const languages = ['uk', 'ru', 'en'];
const pages = ['', 'policy/', 'procedure/', 'expect/', 'privacy/', 'report/', 'status/', '404.html'];

const suite = workerAndBrowser();

// overflow lists the elements that stick out of the viewport on the right, and whether the
// page scrolls sideways at all.
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
      })
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`);
    return { scrolls: document.documentElement.scrollWidth > width, wide: wide.slice(0, 5) };
  });
}

for (const zoom of [1, 2]) {
  test(`at 320 px${zoom > 1 ? ' with the text at 200%' : ''} no page scrolls sideways`, async () => {
    const context = await suite.browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      for (const lang of languages) {
        for (const p of pages) {
          await page.goto(`${suite.worker.url}/${lang}/${p}`);
          // Text zoom: the root font size doubled, as a browser's text-size setting does.
          // (Set through the CSSOM: the page's CSP refuses a style element.)
          if (zoom > 1) await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
          const rootSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
          assert.equal(rootSize, 16 * zoom, `/${lang}/${p}: the text is not at ${zoom * 100}%`);
          const { scrolls, wide } = await overflow(page);
          assert.ok(!scrolls, `/${lang}/${p} scrolls sideways at 320 px (zoom ${zoom}): ${wide.join(', ')}`);
        }
      }
    } finally {
      await context.close();
    }
  });
}

test('controls are at least 24×24 px', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    for (const lang of languages) {
      for (const p of ['', 'report/', 'status/']) {
        await page.goto(`${suite.worker.url}/${lang}/${p}`);
        const small = await page.evaluate(() => [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, nav a')]
          .filter((e) => e.offsetParent !== null)
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          // Off screen on purpose (the honeypot, which people never reach) is not a target.
          .filter(({ r }) => r.right > 0)
          .filter(({ r }) => r.width < 24 || r.height < 24)
          .map(({ e, r }) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${Math.round(r.width)}×${Math.round(r.height)}`));
        assert.deepEqual(small, [], `/${lang}/${p}`);
      }
    }
  } finally {
    await context.close();
  }
});

test('printed, the policy keeps its text and drops the site furniture', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${suite.worker.url}/en/policy/`);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
      return { header: visible('.site-header'), skip: visible('.skip'), main: visible('main h1'), table: visible('main table') };
    });
    assert.deepEqual(shown, { header: false, skip: false, main: true, table: true });
  } finally {
    await context.close();
  }
});
