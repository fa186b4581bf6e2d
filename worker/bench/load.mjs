// The benches' bounded load generator: n requests over c kept-alive connections, each
// connection one request at a time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

// report is the valid report the Worker's benches post (worker.mjs under wrangler dev,
// cpu.mjs in V8), so that their figures are of one report.
export const report = {
  lang: 'en',
  full_name: 'Olena Koval',
  email: 'olena.koval@example.org',
  phone: '+380 44 123 45 67',
  company: '',
  postal_address: '1 Main St\nKyiv 01001',
  business_address: '',
  requester: 'person',
  category: 'phishing',
  resource: 'bank.example.net',
  message: 'A phishing page at https://bank.example.net/login copies our customer\'s bank.',
  evidence_urls: 'https://bank.example.net/login',
  declaration: 'yes',
};

// workerdCPU is the CPU time, in ms, of every workerd process descending from this one.
const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), f: s.slice(s.lastIndexOf(')') + 2).split(' ') };
}
function ours(pid) {
  for (let p = pid, i = 0; p > 1 && i < 32; i++) {
    p = Number(stat(p).f[1]);
    if (p === process.pid) return true;
  }
  return false;
}
function workerdCPU() {
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const { comm, f } = stat(pid);
      if (comm === 'workerd' && ours(Number(pid))) ms += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

// load calls send(agent) n times over c connections; send resolves true when the answer
// was the one wanted. Resolves with the answers' p50 and p99 in milliseconds, requests a
// second over the whole run, how many were not wanted, and workerd's CPU time per request
// (its /proc counters over the run).
export async function load(n, c, send) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const times = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const cpu = workerdCPU();
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) {
      next++;
      const t = performance.now();
      const ok = await send(agent);
      times.push(performance.now() - t);
      if (!ok) failed++;
    }
  }));
  const wall = performance.now() - started;
  const cpuPer = (workerdCPU() - cpu) / n;
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p99: q(0.99), rps: n / (wall / 1000), failed, cpu: cpuPer };
}

// post sends body to url over agent and resolves with the answer's status and text.
export function post(url, agent, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
