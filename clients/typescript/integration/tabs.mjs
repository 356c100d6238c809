// Drives the built client (../dist/index.js) against a real Switchboard server, for the JUnit
// test ClientAgainstServerTest that starts the server. Each "tab" is one SwitchboardClient on the
// ws package's WebSocket, authenticated with "Authorization: Bearer <user>". Commands come from
// the test on stdin, one JSON object a line; what the tabs saw goes to stdout the same way.
// Everything is counted as an application counts: what reached the client's listeners.
//
// Usage: node tabs.mjs <scenario> <ws-url> <options as JSON>
//   drops    tabs that follow a thread while the script cuts their sockets at random points
//   evict    a second tab of the same user beyond the per-user limit of 1
//   restart  tabs that follow the server to a new address after a 1012
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { SwitchboardClient } from '../dist/index.js';

const [scenario, firstUrl, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}');
const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const commands = new Map();
// The test closes stdin when it has read what it needs: the tabs then end with the process.
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  commands.get(command.cmd)?.(command);
}).on('close', () => process.exit(0));
let currentUrl = firstUrl;

/** A tab: a client and what it delivered. */
function tab(user, reconnect = {}) {
  const seen = {
    user, seqs: [], texts: {}, drops: 0, disconnects: [], welcomes: [], closed: null, socket: null,
  };
  const client = new SwitchboardClient({
    url: () => currentUrl,
    token: () => user,
    tokenQueryParameter: null,
    createSocket: (url, protocols, { token }) => {
      seen.socket = new WebSocket(url, protocols, { headers: { authorization: `Bearer ${token}` } });
      return seen.socket;
    },
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, ...reconnect },
    pingIntervalMs: 0,
  });
  client.on('event', (event) => {
    if (event.thread_id === options.thread) {
      for (let seq = event.seq_from ?? event.seq; seq <= event.seq; seq++) seen.seqs.push(seq);
    }
  });
  client.on('message', (message) => {
    if (message.status !== 'streaming') seen.texts[message.id] = message.text;
  });
  client.on('welcome', () => seen.welcomes.push(performance.now()));
  client.on('disconnected', (d) => seen.disconnects.push({ at: performance.now(), code: d.code, retryInMs: d.retryInMs }));
  client.on('closed', (c) => { seen.closed = { cause: c.cause, code: c.code, message: c.message }; });
  if (options.thread) client.subscribe(options.thread);
  return { client, seen };
}

const recoveredOnce = ({ client }) => new Promise((resolve) => {
  const off = client.on('recovered', (r) => {
    if (r.threadId === options.thread) {
      off();
      resolve();
    }
  });
});

/** Resolves when `test` holds, checking every 20 ms; rejects after `ms`. */
function until(test, ms, what) {
  const deadline = performance.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test()) resolve();
      else if (performance.now() > deadline) reject(new Error(`not within ${ms} ms: ${what}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

function summary({ client, seen }) {
  return {
    user: seen.user, seqs: seen.seqs, texts: seen.texts, drops: seen.drops, status: client.status,
    disconnects: seen.disconnects, welcomes: seen.welcomes, closed: seen.closed, stats: client.stats(),
  };
}

function fail(error) {
  say({ event: 'failed', message: String(error?.stack ?? error) });
  process.exit(1);
}

async function drops() {
  const tabs = options.users.map((user) => tab(user));
  const ready = tabs.map(recoveredOnce);
  tabs.forEach(({ client }) => client.connect());
  await Promise.all(ready);
  let dropping = true;
  // Each tab cuts its own socket (no close frame: the server and the client see a dead TCP
  // connection) at a random point 30 to 250 ms after the last cut, whenever it is open.
  for (const t of tabs) {
    const cut = () => {
      if (!dropping) return;
      if (t.client.status === 'open') {
        t.seen.drops++;
        t.seen.socket.terminate();
      }
      setTimeout(cut, 30 + Math.random() * 220);
    };
    setTimeout(cut, Math.random() * 250);
  }
  say({ event: 'ready' });
  commands.set('finish', async ({ lastSeq }) => {
    dropping = false;
    try {
      await until(() => tabs.every((t) => t.client.status === 'open' && Math.max(0, ...t.seen.seqs) >= lastSeq[t.seen.user]),
        30_000, 'every tab open with every event');
      say({ event: 'summary', tabs: tabs.map(summary) });
      tabs.forEach(({ client }) => client.close());
    } catch (error) {
      say({ event: 'summary', tabs: tabs.map(summary), problem: error.message });
      tabs.forEach(({ client }) => client.close());
    }
  });
}

async function evict() {
  const older = tab(options.user);
  const newer = tab(options.user);
  await older.client.connect();
  await newer.client.connect();
  await until(() => older.client.status === 'closed', 10_000, 'the older tab closed');
  // A tab that was evicted must stay closed: watch it for a while.
  const connects = older.client.stats().connects;
  await new Promise((resolve) => setTimeout(resolve, options.watchMs));
  say({
    event: 'summary', older: summary(older), newer: summary(newer),
    olderConnectsAfterWatch: older.client.stats().connects - connects,
  });
}

async function restart() {
  const tabs = options.users.map((user) => tab(user, { restartJitterMs: options.restartJitterMs }));
  const ready = tabs.map(recoveredOnce);
  tabs.forEach(({ client }) => client.connect());
  await Promise.all(ready);
  commands.set('moved', ({ url }) => {
    currentUrl = url;
    say({ event: 'moved' });
  });
  commands.set('finish', async ({ lastSeq }) => {
    try {
      await until(() => tabs.every((t) => t.seen.welcomes.length >= 2 && t.client.status === 'open'
        && Math.max(0, ...t.seen.seqs) >= lastSeq), 30_000, 'every tab back with every event');
      say({ event: 'summary', tabs: tabs.map(summary) });
    } catch (error) {
      say({ event: 'summary', tabs: tabs.map(summary), problem: error.message });
    }
    tabs.forEach(({ client }) => client.close());
  });
  say({ event: 'ready' });
}

const scenarios = { drops, evict, restart };
if (!scenarios[scenario]) fail(`unknown scenario ${scenario}`);
scenarios[scenario]().catch(fail);
