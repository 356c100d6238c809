// The demo's page, built on @switchboard/client (served from the client module's jar, no CDN).
// The client keeps the connection, resumes every thread after a drop and hands the page each
// event once, with the streamed answer assembled; the page only renders what it is given. Every
// thread has its own log; the user's own questions come back from the thread's stream, so every
// tab shows them and a reload renders the thread again from the server's window.
import { SwitchboardClient, isValidId } from '/switchboard-client.js';

const $ = (id) => document.getElementById(id);
const OFFLINE_MS = 2000;
const BANNER_MS = 5000;
const page = {
  user: null,
  client: null,
  socket: null,            // the newest socket the client opened, for "Drop connection"
  offlineUntil: 0,         // while "the network is down", the client waits before connecting
  threads: new Map(),      // thread id -> { button, log, runs: Map<run id, run view> }
  current: null,
  reconnected: false,
  resumedFrom: null,       // stream -> the seq it resumed from on this connection
  bannerTimer: null,
  statsTimer: null,
};

async function init() {
  const me = await fetch('/api/me');
  if (me.status !== 200) {
    $('chat').hidden = true;
    $('who').hidden = true;
    $('login').hidden = false;
    return;
  }
  const { user, ws, instance } = await me.json();
  page.user = user;
  $('who-name').textContent = 'signed in as ' + user + (instance ? ' on ' + instance : '');
  $('who').hidden = false;
  $('login').hidden = true;
  $('chat').hidden = false;
  page.client = new SwitchboardClient({
    url: async () => {
      await networkBack();
      return ws;
    },
    createSocket: (url, protocols) => (page.socket = new WebSocket(url, protocols)),
  });
  window.demo = { client: page.client };
  listen(page.client);
  const saved = savedThreads();
  for (const thread of saved.threads) addThread(thread);
  openThread(saved.current);
  page.client.connect().catch(() => { /* the closed event says why */ });
  refreshStats();
  page.statsTimer = setInterval(refreshStats, 1000);
}

function listen(client) {
  client.on('status', (status) => {
    if (status === 'connecting') setStatus('connecting', 'connecting…');
  });
  client.on('welcome', (welcome) => {
    // Where each stream resumes from: what a recovery then brings is everything after it.
    page.resumedFrom = new Map(client.cursors().map((cursor) => [cursor.stream, cursor.seq]));
    setStatus('open', 'connected (' + welcome.connection_id.slice(0, 8) + ')');
  });
  client.on('disconnected', (d) => {
    page.reconnected = true;
    setStatus('reconnecting', 'disconnected (' + d.code + '), reconnecting in ' + (d.retryInMs / 1000).toFixed(1) + ' s…');
  });
  client.on('closed', (c) => {
    setStatus('closed', c.cause === 'evicted' ? c.message + ' Reload this page to use it here.' : c.message, c.cause);
    renderWorking();
  });
  client.on('event', (event) => {
    if (event.type === 'user_message' && page.threads.has(event.thread_id)) {
      const item = document.createElement('li');
      item.className = 'item user';
      item.dataset.seq = event.seq;
      item.textContent = event.payload.text;
      page.threads.get(event.thread_id).log.append(item);
      scrollDown();
    }
  });
  client.on('run', renderRun);
  client.on('message', renderMessage);
  client.on('toolCall', renderToolCall);
  client.on('approval', renderApproval);
  client.on('recovered', (r) => {
    // A replay sends the missed deltas of a message merged, so count seqs, not frames.
    const missed = r.lastSeq - (page.resumedFrom?.get(r.stream) ?? r.lastSeq);
    if (page.reconnected && r.replayed > 0 && missed > 0) {
      banner('Reconnected: recovered ' + missed + ' missed event' + (missed === 1 ? '' : 's')
        + ' of ' + (r.threadId ?? 'your notifications') + ' in ' + r.replayed + ' frame'
        + (r.replayed === 1 ? '' : 's') + '.', false);
    }
  });
  client.on('recoveryFailed', (f) => {
    if (f.next === 'retrying') return;
    const run = f.lastLifecycle ? ' Its last event was ' + f.lastLifecycle.type + '.' : '';
    banner('Part of ' + (f.threadId ?? 'your notifications') + ' could not be recovered (' + f.reason + ').' + run, true);
  });
  client.on('serverError', (e) => showError('ask-error', 'The server refused a request: ' + e.code + ' (' + e.message + ')'));
}

// ---- threads ----

function addThread(thread) {
  if (page.threads.has(thread)) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.thread = thread;
  button.textContent = thread;
  button.onclick = () => openThread(thread);
  const li = document.createElement('li');
  li.append(button);
  $('threads').append(li);
  const log = document.createElement('ol');
  log.className = 'log';
  log.dataset.thread = thread;
  log.hidden = true;
  $('logs').append(log);
  page.threads.set(thread, { button, log, runs: new Map() });
  page.client.subscribe(thread);
  saveThreads();
}

function openThread(thread) {
  page.current = thread;
  for (const [id, view] of page.threads) {
    view.button.classList.toggle('current', id === thread);
    view.log.hidden = id !== thread;
  }
  $('thread-title').textContent = 'Thread: ' + thread;
  saveThreads();
  renderWorking();
  scrollDown();
}

function savedThreads() {
  try {
    const saved = JSON.parse(localStorage.getItem('switchboard-demo:' + page.user) ?? 'null');
    const threads = (saved?.threads ?? []).filter(isValidId);
    if (!threads.includes('general')) threads.unshift('general');
    return { threads, current: threads.includes(saved?.current) ? saved.current : 'general' };
  } catch {
    return { threads: ['general'], current: 'general' };
  }
}

function saveThreads() {
  localStorage.setItem('switchboard-demo:' + page.user,
    JSON.stringify({ threads: [...page.threads.keys()], current: page.current }));
}

// ---- runs and their parts ----

function runView(threadId, runId) {
  const thread = page.threads.get(threadId);
  if (!thread || !runId) return undefined;
  let view = thread.runs.get(runId);
  if (!view) {
    const item = document.createElement('li');
    item.className = 'item run';
    item.dataset.run = runId;
    item.dataset.status = 'running';
    const head = document.createElement('div');
    head.className = 'run-head';
    const agent = document.createElement('span');
    agent.className = 'agent';
    agent.textContent = 'agent';
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'running';
    const thought = document.createElement('span');
    thought.className = 'thought';
    head.append(agent, badge, thought);
    item.append(head);
    thread.log.append(item);
    view = { item, agent, badge, thought, parts: new Map(), status: 'running' };
    thread.runs.set(runId, view);
  }
  return view;
}

function renderRun(run) {
  const view = runView(run.threadId, run.id);
  if (!view) return;
  view.status = run.status;
  view.item.dataset.status = run.status;
  view.badge.textContent = run.status;
  if (run.agentName) view.agent.textContent = run.agentName;
  view.thought.textContent = run.status === 'running' && run.thought ? run.thought + '…' : '';
  renderWorking();
  updateThreadBadges();
}

function part(view, key, className, build) {
  let element = view.parts.get(key);
  if (!element) {
    element = document.createElement('div');
    element.className = className;
    build(element);
    view.item.append(element);
    view.parts.set(key, element);
    scrollDown();
  }
  return element;
}

function renderMessage(message) {
  const view = runView(message.threadId, message.runId);
  if (!view) return;
  const element = part(view, 'message:' + message.id, 'message', (div) => {
    div.dataset.messageId = message.id;
    const text = document.createElement('div');
    text.className = 'text';
    div.append(text);
  });
  element.dataset.kind = message.kind;
  element.dataset.status = message.status;
  element.querySelector('.text').textContent = message.text;
  if (message.truncated && !element.querySelector('.lost')) {
    const lost = document.createElement('div');
    lost.className = 'lost';
    lost.textContent = 'Part of this message did not reach this tab'
      + (message.lostChars ? ' (' + message.lostChars + ' characters)' : '') + '; the application can send it whole.';
    element.append(lost);
  }
  scrollDown();
}

function renderToolCall(call) {
  const view = runView(call.threadId, call.runId);
  if (!view) return;
  const element = part(view, 'tool:' + call.id, 'tool', (div) => {
    div.dataset.toolCallId = call.id;
    div.innerHTML = '<div class="what"></div><pre class="args"></pre><pre class="result" hidden></pre>';
  });
  element.dataset.status = call.status;
  const what = {
    streaming: 'is preparing a call to',
    executing: 'is calling',
    completed: call.succeeded ? 'called' : 'did not call',
    interrupted: 'stopped before calling',
  }[call.status];
  element.querySelector('.what').textContent = 'The agent ' + what + ' ' + call.name
    + (call.status === 'completed' && call.succeeded ? ' (' + call.durationMillis + ' ms)' : '');
  element.querySelector('.args').textContent = call.argumentsText;
  const result = element.querySelector('.result');
  result.hidden = call.result === undefined;
  result.textContent = call.result === undefined ? ''
    : Array.isArray(call.result) ? call.result.map((entry) => JSON.stringify(entry)).join('\n') : JSON.stringify(call.result);
}

function renderApproval(approval) {
  const view = runView(approval.threadId, approval.runId);
  if (!view) return;
  const element = part(view, 'approval:' + approval.requestId, 'approval', (div) => {
    div.dataset.requestId = approval.requestId;
    div.innerHTML = '<div class="title"></div><div class="details note"></div>'
      + '<div class="buttons"><button type="button" class="approve">Approve</button>'
      + '<button type="button" class="reject">Reject</button></div><div class="decision"></div>';
    const decide = (yes) => {
      for (const button of div.querySelectorAll('button')) button.disabled = true;
      const sent = yes ? page.client.approve(approval.requestId) : page.client.reject(approval.requestId);
      if (!sent) {
        for (const button of div.querySelectorAll('button')) button.disabled = false;
        showError('ask-error', 'Not connected: the decision was not sent; try again once connected.');
      }
    };
    div.querySelector('.approve').onclick = () => decide(true);
    div.querySelector('.reject').onclick = () => decide(false);
  });
  element.dataset.status = approval.status;
  if (approval.title) element.querySelector('.title').textContent = approval.title;
  if (approval.details?.query) element.querySelector('.details').textContent = 'The agent wants to search for "' + approval.details.query + '".';
  element.querySelector('.buttons').hidden = approval.status !== 'pending';
  element.querySelector('.decision').textContent = {
    pending: '',
    approved: 'Approved.',
    rejected: 'Rejected.',
    expired: 'Nobody decided before the run ended.',
  }[approval.status];
}

// The current thread's running run, if any: the page is "working" while there is one.
function workingRun(thread) {
  const view = page.threads.get(thread);
  if (!view) return undefined;
  for (const [id, run] of view.runs) {
    if (run.status === 'running' || run.status === 'cancelling') return { id, run };
  }
  return undefined;
}

function renderWorking() {
  const working = page.client && page.client.status !== 'closed' ? workingRun(page.current) : undefined;
  $('working').hidden = !working;
  $('stop').disabled = !working || working.run.status === 'cancelling';
  $('working-text').textContent = working?.run.status === 'cancelling' ? 'Stopping…' : 'The agent is working…';
  const closed = page.client?.status === 'closed';
  $('ask').querySelector('button').disabled = Boolean(working) || closed;
  $('drop').disabled = closed;
}

function updateThreadBadges() {
  for (const [id, view] of page.threads) {
    let badge = view.button.querySelector('.busy');
    if (workingRun(id)) {
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'busy';
        badge.textContent = 'working';
        view.button.append(badge);
      }
    } else if (badge) {
      badge.remove();
    }
  }
}

// ---- connection, banner, dashboard ----

function networkBack() {
  const wait = page.offlineUntil - Date.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

function setStatus(state, text, cause) {
  const el = $('status');
  el.dataset.state = state;
  if (cause) el.dataset.cause = cause;
  else delete el.dataset.cause;
  el.textContent = text;
}

function banner(text, failed) {
  const el = $('banner');
  el.textContent = text;
  el.className = failed ? 'failed' : '';
  el.hidden = false;
  clearTimeout(page.bannerTimer);
  page.bannerTimer = setTimeout(() => { el.hidden = true; }, failed ? 2 * BANNER_MS : BANNER_MS);
}

function showError(id, text) {
  const el = $(id);
  el.textContent = text;
  el.hidden = !text;
}

function scrollDown() {
  const log = page.threads.get(page.current)?.log;
  if (log) log.lastElementChild?.scrollIntoView({ block: 'end' });
}

async function refreshStats() {
  const response = await fetch('/api/stats');
  if (response.status !== 200) return;
  const s = await response.json();
  const hb = s.heartbeat || {};
  const tab = page.client.stats();
  const rows = [
    ['connections', s.connections], ['users', s.users],
    ['frames written', s.frames_written], ['queued now', s.queued_now],
    ['evictions', s.evictions], ['resumes', s.resumes], ['replayed events', s.replayed_events],
    ['heartbeat pings', hb.pings_sent || 0], ['heartbeat timeouts', hb.timeouts_detected || 0],
    ['this tab: frames', tab.framesReceived], ['this tab: merged frames', tab.mergedFrames],
    ['this tab: duplicates dropped', tab.duplicatesDropped],
  ];
  const dl = $('stats');
  dl.replaceChildren();
  for (const [name, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.stat = name;
    dl.append(dt, dd);
  }
  const demo = s.demo;
  $('instance').textContent = demo.instance
    ? 'This tab is on instance ' + demo.instance + ' (' + (demo.instances ?? '?') + ' in the cluster, ' + demo.transport + ').'
    : 'One instance, in memory, on ' + demo.transport + '.';
  $('limits').textContent = 'Limits of this demo: ' + demo.max_tabs_per_user + ' tabs per user, '
    + demo.max_connections + ' connections in all (the library\'s defaults are 3 and 100).';
}

// ---- forms and buttons ----

$('login-form').onsubmit = async (event) => {
  event.preventDefault();
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=' + encodeURIComponent($('name').value),
  });
  if (response.status === 200) {
    showError('login-error', '');
    init();
  } else {
    showError('login-error', (await response.json()).error);
  }
};

$('new-thread').onsubmit = (event) => {
  event.preventDefault();
  const name = $('thread-name').value.trim();
  if (!name) return;
  if (!isValidId(name)) {
    showError('thread-error', 'A thread name is 1 to 128 letters, digits or . _ : @ / - (no spaces).');
    return;
  }
  showError('thread-error', '');
  addThread(name);
  openThread(name);
  $('thread-name').value = '';
};

$('ask').onsubmit = (event) => {
  event.preventDefault();
  const text = $('question').value.trim();
  if (!text) return;
  if (page.client.send({ text }, { threadId: page.current })) {
    $('question').value = '';
    showError('ask-error', '');
  } else {
    showError('ask-error', 'Not connected: the question was not sent; try again once connected.');
  }
};

$('stop').onclick = () => {
  const working = workingRun(page.current);
  if (working) page.client.cancel(working.id);
};

$('drop').onclick = () => {
  page.offlineUntil = Date.now() + OFFLINE_MS;
  page.socket?.close(4000, 'network dropped by the demo page');
};

$('logout').onclick = async () => {
  page.client?.close();
  await fetch('/api/logout', { method: 'POST' });
  location.reload();
};

init();
