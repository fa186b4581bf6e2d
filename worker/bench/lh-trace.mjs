// Diagnostic for make lighthouse: which main-thread tasks make a page's total blocking time,
// and whether they were the page's work or time the page waited for a core. Measures the
// given paths of a directory alternately, served by bench/static.mjs, and prints for each
// run the score, TBT, FCP, TTI and benchmarkIndex, the long tasks Lighthouse counted (its
// simulation: 4x the observed time), and each observed task of 12.5 ms or more with its wall
// and CPU time and the longest events inside it (wall/CPU ms).
//
//   node bench/lh-trace.mjs ../build/site 3 /en/ /en/policy/
//
// LH_TRACE_DIR=dir saves each run's trace and devtools log there; LH_CHROME_FLAGS adds
// Chromium flags. A page of a directory other than build/site (a blank control page, say)
// is served with that directory's _headers, if any.
import { mkdir, writeFile } from 'node:fs/promises';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { chromeFlags, mainThreadTasks } from './lighthouse-common.mjs';
import { startStatic } from './static.mjs';

const [root, runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg);
const extraFlags = (process.env.LH_CHROME_FLAGS ?? '').split(' ').filter(Boolean);
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: [...chromeFlags, ...extraFlags] });
const server = await startStatic(root);
const saveTo = process.env.LH_TRACE_DIR;
if (saveTo) await mkdir(saveTo, { recursive: true });
const flags = { output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
const fixed = (v) => v?.toFixed(0);
try {
  await lighthouse(server.url + paths[0], { port: chrome.port, ...flags });
  for (let i = 0; i < runs; i++) {
    for (const p of paths) {
      const { lhr, artifacts } = await lighthouse(server.url + p, { port: chrome.port, ...flags });
      const a = lhr.audits;
      console.log(`\n${p} run ${i}: performance ${lhr.categories.performance.score}, TBT ${fixed(a['total-blocking-time'].numericValue)} ms, FCP ${fixed(a['first-contentful-paint'].numericValue)} ms, TTI ${fixed(a.interactive.numericValue)} ms, benchmarkIndex ${fixed(lhr.environment.benchmarkIndex)}`);
      for (const t of a['long-tasks'].details?.items ?? []) console.log(`  long task (simulated): at ${t.startTime.toFixed(0)} ms, ${t.duration.toFixed(0)} ms, ${t.url}`);
      for (const t of mainThreadTasks(artifacts.Trace.traceEvents) ?? []) {
        console.log(`  task at ${t.at.toFixed(0)} ms: wall ${t.wall.toFixed(1)} ms, CPU ${t.cpu.toFixed(1)} ms: ${t.what}`);
      }
      if (saveTo) {
        const name = `${p.replaceAll('/', '_')}-${i}`;
        await writeFile(`${saveTo}/${name}.trace.json`, JSON.stringify(artifacts.Trace));
        await writeFile(`${saveTo}/${name}.devtoolslog.json`, JSON.stringify(artifacts.DevtoolsLog));
      }
    }
  }
} finally {
  await server.stop();
  await chrome.kill();
}
