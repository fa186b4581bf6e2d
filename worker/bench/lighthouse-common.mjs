// What make lighthouse (bench/lighthouse.mjs) and its diagnostic (bench/lh-trace.mjs) share:
// the browser's flags, the control page, and what a trace says of the main thread.
import { mkdtemp, copyFile, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// Headless Chromium for a measurement: no GPU (software compositing, as on these machines),
// no background traffic or updates, a first run's dialogs skipped.
export const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The control: a blank page (a heading and a line of text, no style sheet, no script), served with the
// site's headers by the same server as the pages. Whatever blocks its main thread is the
// browser's and the machine's, not the site's.
export const controlPath = '/control/';
export const controlHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Control</title><meta name="description" content="A blank page to measure the browser by."></head>
<body><main><h1>Control</h1><p>A blank page.</p></main></body></html>
`;

/** A directory holding the control page and site's _headers (temporary; the caller removes it). */
export async function controlSite(site) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lighthouse-control-'));
  await copyFile(path.join(site, '_headers'), path.join(dir, '_headers'));
  await mkdir(path.join(dir, controlPath));
  await writeFile(path.join(dir, controlPath, 'index.html'), controlHTML);
  return dir;
}

// What a Lighthouse trace says of the measured page's main thread: its top-level tasks long
// enough to count toward total blocking time, each with its wall time (what Lighthouse's
// simulated throttling multiplies by 4) and its CPU time (the thread's own clock, `tdur`),
// and what it was made of. Wall time well above CPU time is time the thread did not run: on
// a quiet machine here 1.5-4 times, with a build on the two cores up to 40 times.

// With Lighthouse's 4x CPU slowdown a task of 12.5 ms becomes the 50 ms from which blocking
// time counts.
export const longAfterSlowdown = 12.5;

/**
 * The page's renderer main thread's top-level tasks at least minMs long (wall), from the last
 * main-frame navigation in the trace.
 * @param {object[]} events a trace's traceEvents
 * @returns {{at: number, wall: number, cpu: number, what: string}[] | undefined}
 *   at: ms after navigationStart; what: the longest events inside, with wall/CPU ms.
 */
export function mainThreadTasks(events, minMs = longAfterSlowdown) {
  const start = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame
    && e.args.data.documentLoaderURL?.startsWith('http')).at(-1);
  if (!start) return undefined;
  const main = events.filter((e) => e.pid === start.pid && e.tid === start.tid && e.ph === 'X' && e.ts >= start.ts - 1e3)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const ms = (us) => (us ?? 0) / 1e3;
  return main.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && ms(e.dur) >= minMs)
    .map((t) => {
      const inner = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur >= 2e3
        && !['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name));
      const what = inner.sort((a, b) => b.dur - a.dur).slice(0, 4).map((e) => {
        const url = e.args?.data?.url ? ` ${e.args.data.url.replace(/^https?:\/\/[^/]+/, '')}` : '';
        return `${e.name}${url} ${ms(e.dur).toFixed(1)}/${ms(e.tdur).toFixed(1)}`;
      }).join(', ');
      return { at: ms(t.ts - start.ts), wall: ms(t.dur), cpu: ms(t.tdur), what };
    });
}
