// Connects to a Switchboard server with the WebSocket subprotocol "ag-ui", follows one run and
// validates every frame it receives against @ag-ui/core's event schemas. Talks to the JUnit test
// that started the server through stdout lines (JSON): "ready" once subscribed, then a summary.
// It answers the run's approval request with an "approval" frame, as a UI's Approve button would.
// Usage: node check-run.mjs <ws-url> <bearer-token> <thread-id>
import WebSocket from 'ws';
import { EventSchemas } from '@ag-ui/core/schemas';

const [url, token, thread] = process.argv.slice(2);
const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const summary = { frames: 0, invalid: 0, problems: [], types: [], texts: {}, toolArgs: {} };
const open = { messages: new Set(), tools: new Set() };
let lastSeq = 0;

const socket = new WebSocket(url, ['ag-ui'], { headers: { Authorization: `Bearer ${token}` } });
const deadline = setTimeout(() => finish('no RUN_FINISHED within 30 s'), 30_000);

function finish(problem) {
  if (problem) summary.problems.push(problem);
  clearTimeout(deadline);
  say({ event: 'summary', ...summary });
  socket.close(1000);
  process.exitCode = summary.invalid === 0 && summary.problems.length === 0 ? 0 : 1;
}

socket.on('open', () => {
  if (socket.protocol !== 'ag-ui') summary.problems.push(`subprotocol "${socket.protocol}" selected`);
  socket.send(JSON.stringify({ type: 'subscribe', thread_id: thread }));
});

socket.on('message', (data, isBinary) => {
  summary.frames++;
  if (isBinary) {
    summary.problems.push('a binary frame');
    return;
  }
  const event = JSON.parse(data.toString('utf8'));
  const checked = EventSchemas.safeParse(event);
  if (!checked.success) {
    summary.invalid++;
    if (summary.problems.length < 20) {
      summary.problems.push(`invalid ${event.type}: ${checked.error.message.slice(0, 300)}`);
    }
  }
  summary.types.push(event.type === 'CUSTOM' ? `CUSTOM:${event.name}` : event.type);
  follow(event);
});

socket.on('error', (error) => finish(`socket error: ${error.message}`));

// What a client of the profile relies on beyond each frame's shape.
function follow(event) {
  if (typeof event.seq === 'number') {
    const from = typeof event.seq_from === 'number' ? event.seq_from : event.seq;
    if (from !== lastSeq + 1) summary.problems.push(`seq ${from} after ${lastSeq}`);
    lastSeq = event.seq;
  }
  switch (event.type) {
    case 'TEXT_MESSAGE_START':
    case 'REASONING_MESSAGE_START':
      open.messages.add(event.messageId);
      summary.texts[event.messageId] = '';
      break;
    case 'TEXT_MESSAGE_CONTENT':
    case 'REASONING_MESSAGE_CONTENT':
      if (!open.messages.has(event.messageId)) summary.problems.push(`content of ${event.messageId} before its start`);
      summary.texts[event.messageId] += event.delta;
      break;
    case 'TEXT_MESSAGE_END':
    case 'REASONING_MESSAGE_END':
      if (!open.messages.delete(event.messageId)) summary.problems.push(`end of ${event.messageId} without start`);
      break;
    case 'TOOL_CALL_START':
      open.tools.add(event.toolCallId);
      summary.toolArgs[event.toolCallId] = '';
      break;
    case 'TOOL_CALL_ARGS':
      if (!open.tools.has(event.toolCallId)) summary.problems.push(`args of ${event.toolCallId} before its start`);
      summary.toolArgs[event.toolCallId] += event.delta;
      break;
    case 'TOOL_CALL_END':
      if (!open.tools.delete(event.toolCallId)) summary.problems.push(`end of ${event.toolCallId} without start`);
      break;
    case 'CUSTOM':
      if (event.name === 'subscribed') say({ event: 'ready' });
      if (event.name === 'approval_requested') {
        socket.send(JSON.stringify({ type: 'approval', request_id: event.value.requestId, decision: 'approved' }));
      }
      if (event.name === 'error') summary.problems.push(`error frame ${event.value.code}`);
      break;
    case 'RUN_FINISHED':
      finish(open.messages.size || open.tools.size ? 'run finished with open messages or tool calls' : null);
      break;
    default:
      break;
  }
}
