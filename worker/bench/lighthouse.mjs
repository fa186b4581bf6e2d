// Lighthouse (mobile settings, its defaults) in Debian's Chromium: the four category scores
// of the home, policy and form pages in each language, and of the root, with the median
// total blocking time (the metric that decides the performance score here) and each run's
// benchmarkIndex (Lighthouse's measure of the machine's speed, which its 4x CPU slowdown is
// calibrated for). `make lighthouse` runs it; it exits non-zero when a score is under the
// target.
//
// Each page is measured where production serves it from. The static pages come from
// bench/static.mjs: build/site with the headers and compression of Cloudflare's edge, which
// serves them as static assets with no Worker and no proxy in the way (test/static.test.mjs
// holds it to wrangler dev's asset server). Under wrangler dev, workerd and its proxy would
// compete with the measured browser for the machine's two cores: the same /en/policy/ scored
// 1.00 from a static server and 0.84-0.92 through wrangler dev. What the Worker answers
// itself (wrangler.jsonc's run_worker_first: the root) is measured under wrangler dev, in
// rows of its own, started after the static pages are done.
//
// Each page is measured `runs` times and the median score of each category is reported, as
// Lighthouse's own guidance on variability advises. One browser serves every run (Lighthouse
// clears the page's caches and storage before each); a first, discarded run against each
// server warms the browser and the server, whose first answers are the slowest.
//
// For experiments: LIGHTHOUSE_RUNS (5), LIGHTHOUSE_PAGES (comma-separated paths) measures
// other pages, and LIGHTHOUSE_BLOCK (comma-separated URL patterns, as Lighthouse's
// blockedUrlPatterns) keeps resources from loading, e.g. LIGHTHOUSE_BLOCK='*typo.js,*lang.js'
// for a page without its scripts.
import { fileURLToPath } from 'node:url';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { startWorker } from '../test/wrangler.mjs';
import { answeredByWorker, startStatic } from './static.mjs';

const target = 0.95;
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const list = (name) => (process.env[name] ?? '').split(',').filter(Boolean);
const pages = list('LIGHTHOUSE_PAGES').length ? list('LIGHTHOUSE_PAGES')
  : ['/uk/', '/uk/policy/', '/uk/privacy/', '/uk/report/', '/ru/', '/ru/policy/', '/ru/report/', '/en/', '/en/policy/', '/en/report/', '/'];
const flags = {
  output: 'json', logLevel: 'error', onlyCategories: categories,
  blockedUrlPatterns: list('LIGHTHOUSE_BLOCK'),
};
const site = fileURLToPath(new URL('../../build/site', import.meta.url));

const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  let header = false;
  const groups = [
    ['static assets (bench/static.mjs)', pages.filter((p) => !answeredByWorker(p)), () => startStatic(site)],
    ['the Worker (wrangler dev)', pages.filter((p) => answeredByWorker(p)), () => startWorker()],
  ];
  for (const [servedBy, group, start] of groups) {
    if (group.length === 0) continue;
    const server = await start();
    try {
      const { lhr } = await lighthouse(server.url + group[0], { port: chrome.port, ...flags });
      if (!header) {
        const browser = /(?:Headless)?Chrome\/[\d.]+/.exec(lhr.environment.hostUserAgent)?.[0] ?? lhr.environment.hostUserAgent;
        console.log(`Lighthouse ${lhr.lighthouseVersion}, ${browser}, Node ${process.version}; median of ${runs} runs a page\n`);
        console.log(`| page | served by | ${categories.join(' | ')} | blocking time | benchmarkIndex of each run |`);
        console.log(`|---|---|${categories.map(() => '---').join('|')}|---|---|`);
        header = true;
      }
      for (const page of group) failed = measure(page, servedBy, await runsOf(server.url + page)) || failed;
    } finally {
      await server.stop();
    }
  }
} finally {
  await chrome.kill();
}
if (failed) {
  console.error(`A score is under ${target}.`);
  process.exit(1);
}

async function runsOf(url) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push((await lighthouse(url, { port: chrome.port, ...flags })).lhr);
  return results;
}

// measure prints a page's row (and, under the target, the audits that cost points in the run
// that scored the median) and tells whether a score is under the target.
function measure(page, servedBy, results) {
  const scores = categories.map((c) => median(results.map((lhr) => lhr.categories[c].score)));
  const blocking = median(results.map((lhr) => lhr.audits['total-blocking-time'].numericValue));
  const bench = results.map((lhr) => lhr.environment.benchmarkIndex.toFixed(0)).join(', ');
  console.log(`| ${page} | ${servedBy} | ${scores.map((s) => s.toFixed(2)).join(' | ')} | ${blocking.toFixed(0)} ms | ${bench} |`);
  // Such as the root's: lang.js takes the visitor on to their language's home page, which is
  // what the row then measures (the trace engine also prints "LanternError: NO_LCP" for the
  // root page, left before anything was painted).
  for (const warning of new Set(results.flatMap((lhr) => lhr.runWarnings))) console.log(`|   warning: ${warning.replaceAll('|', '\\|')} | | | | | | | |`);
  categories.forEach((c, i) => {
    if (scores[i] >= target) return;
    const lhr = results.find((r) => r.categories[c].score === scores[i]);
    for (const ref of lhr.categories[c].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
        console.log(`|   ${c}: ${ref.id} | | ${audit.displayValue ?? audit.score} | | | | | |`);
      }
    }
  });
  return scores.some((s) => s < target);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
