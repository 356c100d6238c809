// The demo's client: signs in, keeps one WebSocket, subscribes to the user's threads, renders
// every event as it arrives, and after a drop resumes each thread from the last seq it received.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  user: null,
  wsUrl: null,
  ws: null,
  current: 'general',
  threads: new Map(),      // thread id -> { epoch, seq } of the last event received
  reconnecting: false,
};

async function init() {
  const me = await fetch('/api/me');
  if (me.status !== 200) {
    $('login').hidden = false;
    $('chat').hidden = true;
    return;
  }
  const body = await me.json();
  state.user = body.user;
  state.wsUrl = body.ws;
  $('who').textContent = 'signed in as ' + state.user;
  $('login').hidden = true;
  $('chat').hidden = false;
  openThread(state.current);
  connect();
  setInterval(refreshStats, 1000);
  setInterval(() => send({ type: 'ping' }), 20000);
}

function connect() {
  setStatus('connecting', 'connecting…');
  const ws = new WebSocket(state.wsUrl);
  state.ws = ws;
  ws.onmessage = (message) => handle(JSON.parse(message.data));
  ws.onclose = (event) => {
    if (state.ws !== ws) return;
    setStatus('closed', 'disconnected (' + event.code + '), reconnecting…');
    state.reconnecting = true;
    setTimeout(connect, 500);
  };
}

function send(frame) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(frame));
}

function subscribe(thread) {
  const cursor = state.threads.get(thread);
  const frame = { type: 'subscribe', thread_id: thread };
  if (cursor && cursor.seq > 0) {
    frame.epoch = cursor.epoch;
    frame.seq = cursor.seq;
  }
  send(frame);
}

function handle(frame) {
  switch (frame.type) {
    case 'welcome':
      setStatus('open', 'connected (' + frame.connection_id.slice(0, 8) + ')');
      for (const thread of state.threads.keys()) subscribe(thread);
      return;
    case 'subscribed':
    case 'unsubscribed':
    case 'pong':
      return;
    case 'recovered':
      if (state.reconnecting) {
        banner('Reconnected: recovered ' + frame.replayed + ' missed event(s) of ' + threadOf(frame.stream) + '.', false);
      }
      return;
    case 'recovery_failed': {
      const run = frame.last_lifecycle ? ' The run\'s last event was ' + frame.last_lifecycle.type + '.' : '';
      banner('Could not recover ' + threadOf(frame.stream) + ' (' + frame.reason + ').' + run, true);
      return;
    }
    case 'error':
      banner('Server says ' + frame.code + ': ' + frame.message, true);
      return;
    default:
      if (frame.thread_id) {
        if (frame.seq) state.threads.set(frame.thread_id, { epoch: frame.epoch, seq: frame.seq });
        render(frame.thread_id, frame);
      }
  }
}

function threadOf(stream) {
  return stream.slice(stream.indexOf('#') + 1) || 'your notifications';
}

function render(thread, frame) {
  const item = document.createElement('li');
  item.className = 'event';
  item.dataset.type = frame.type;
  item.dataset.seq = frame.seq || '';
  item.dataset.thread = thread;
  item.dataset.run = frame.run_id || '';
  const type = document.createElement('span');
  type.className = 'type';
  type.textContent = frame.type;
  const text = document.createElement('div');
  text.textContent = describe(frame);
  if (frame.type === 'tool_executing' || frame.type === 'tool_completed') {
    const details = document.createElement('pre');
    details.textContent = JSON.stringify(frame.type === 'tool_executing' ? frame.payload.arguments : frame.payload.result, null, 1);
    text.appendChild(details);
  }
  const seq = document.createElement('span');
  seq.className = 'seq';
  seq.textContent = frame.seq ? '#' + frame.seq : '';
  item.append(type, text, seq);
  item.hidden = thread !== state.current;
  $('events').appendChild(item);
}

function describe(frame) {
  const p = frame.payload || {};
  switch (frame.type) {
    case 'agent_started': return p.agent_name + ' started a run';
    case 'agent_thinking': return 'step ' + p.step + ': ' + p.thought;
    case 'tool_executing': return 'calling ' + p.tool_name;
    case 'tool_completed': return p.tool_name + (p.succeeded ? ' returned' : ' failed') + ' in ' + p.duration_millis + ' ms';
    case 'agent_completed': return p.status === 'succeeded' ? p.answer : 'failed: ' + p.error;
    case 'user_message': return 'you: ' + p.text;
    default: return JSON.stringify(p);
  }
}

function openThread(thread) {
  state.current = thread;
  if (!state.threads.has(thread)) {
    state.threads.set(thread, { epoch: null, seq: 0 });
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = thread;
    button.dataset.thread = thread;
    button.onclick = () => openThread(thread);
    const li = document.createElement('li');
    li.appendChild(button);
    $('threads').appendChild(li);
    subscribe(thread);
  }
  for (const button of document.querySelectorAll('#threads button')) {
    button.classList.toggle('current', button.dataset.thread === thread);
  }
  for (const item of document.querySelectorAll('#events .event')) item.hidden = item.dataset.thread !== thread;
  $('thread-title').textContent = 'Thread: ' + thread;
}

function banner(text, failed) {
  const el = $('banner');
  el.textContent = text;
  el.className = failed ? 'failed' : '';
  el.hidden = false;
}

function setStatus(kind, text) {
  const el = $('status');
  el.dataset.state = kind;
  el.textContent = text;
}

async function refreshStats() {
  const response = await fetch('/api/stats');
  if (response.status !== 200) return;
  const s = await response.json();
  const hb = s.heartbeat || {};
  const rows = [
    ['connections', s.connections], ['users', s.users], ['rooms', s.rooms],
    ['frames written', s.frames_written], ['queued now', s.queued_now],
    ['drops', Object.values(s.drops).reduce((a, b) => a + b, 0)],
    ['resumes', s.resumes], ['replayed events', s.replayed_events],
    ['pings sent', hb.pings_sent || 0], ['pongs received', hb.pongs_received || 0],
    ['heartbeat timeouts', hb.timeouts_detected || 0],
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
}

$('login-form').onsubmit = async (event) => {
  event.preventDefault();
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=' + encodeURIComponent($('name').value),
  });
  if (response.status === 200) init();
  else $('login-error').textContent = (await response.json()).error;
};
$('new-thread').onsubmit = (event) => {
  event.preventDefault();
  const name = $('thread-name').value.trim();
  if (name) openThread(name);
  $('thread-name').value = '';
};
$('ask').onsubmit = (event) => {
  event.preventDefault();
  const text = $('question').value.trim();
  if (!text) return;
  render(state.current, { type: 'user_message', payload: { text }, seq: null });
  send({ type: 'message', thread_id: state.current, payload: { text } });
  $('question').value = '';
};
$('drop').onclick = () => { if (state.ws) state.ws.close(4000, 'dropped by user'); };
$('logout').onclick = async () => { await fetch('/api/logout', { method: 'POST' }); location.reload(); };

init();
