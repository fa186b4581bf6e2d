// The benches' bounded load generator: n requests over c kept-alive connections, each
// connection one request at a time.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

// load calls send(agent) n times over c connections; send resolves true when the answer
// was the one wanted. Resolves with the answers' p50 and p99 in milliseconds, requests a
// second over the whole run, and how many were not wanted.
export async function load(n, c, send) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const times = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
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
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p99: q(0.99), rps: n / (wall / 1000), failed };
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
