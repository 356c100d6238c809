/**
 * Turns the event stream into the objects a chat UI renders: messages with their text so far
 * (from `message_started` / `message_delta` / `message_completed`), tool calls with their
 * arguments as they are generated (`tool_call_delta`, then `tool_executing` and
 * `tool_completed`), approval requests, and runs. Every update is a new frozen object, so a UI can
 * re-render on identity; the text of a message is only ever appended to.
 *
 * The assembler trusts its input to be free of duplicates and gaps: the cursor book ahead of it
 * guarantees that, and a merged delta is simply longer.
 */
import type { ApprovalDecision, KnownEvent, MessageKind, RunOutcome } from './frames.js';

/** What the fields of every assembled object share: where it came from. */
export interface Origin {
  readonly runId?: string;
  readonly threadId?: string;
  readonly stream?: string;
}

/** A streamed message (an answer, or reasoning). */
export interface AssembledMessage extends Origin {
  readonly id: string;
  readonly kind: MessageKind;
  /** The text so far. */
  readonly text: string;
  /** `interrupted`: its run ended (for example cancelled) before the message completed. */
  readonly status: 'streaming' | 'completed' | 'interrupted';
  /**
   * True when part of the text is missing: the client never saw the message start, or the server
   * said in `recovery_failed` that it could not serve the rest.
   */
  readonly truncated: boolean;
  /** Characters the server said are lost (`recovery_failed` with `open_messages`), when it said so. */
  readonly lostChars?: number;
}

/** A tool call, from its streamed arguments to its result. */
export interface AssembledToolCall extends Origin {
  readonly id: string;
  readonly name: string;
  /** The arguments' JSON text as generated so far. */
  readonly argumentsText: string;
  /** The arguments, whole, once `tool_executing` carried them. */
  readonly arguments?: Record<string, unknown>;
  readonly status: 'streaming' | 'executing' | 'completed' | 'interrupted';
  readonly succeeded?: boolean;
  readonly result?: unknown;
  readonly durationMillis?: number;
}

/** A human-in-the-loop request. */
export interface AssembledApproval extends Origin {
  readonly requestId: string;
  readonly toolCallId?: string;
  readonly title: string;
  readonly details?: unknown;
  /** `expired`: its run ended before anyone decided. */
  readonly status: 'pending' | ApprovalDecision | 'expired';
  readonly comment?: string;
}

/** A run of the agent, as far as its events tell. */
export interface AssembledRun {
  readonly id: string;
  readonly threadId?: string;
  readonly stream?: string;
  /** `cancelling`: a cancel was accepted by the server and the run has not ended yet. */
  readonly status: 'running' | 'cancelling' | RunOutcome;
  readonly agentName?: string;
  /** The latest `agent_thinking` step and thought. */
  readonly step?: number;
  readonly thought?: string;
  readonly answer?: string;
  readonly error?: string;
}

/** One change an event made. */
export type AssemblyUpdate =
  | { readonly kind: 'message'; readonly message: AssembledMessage }
  | { readonly kind: 'toolCall'; readonly toolCall: AssembledToolCall }
  | { readonly kind: 'approval'; readonly approval: AssembledApproval }
  | { readonly kind: 'run'; readonly run: AssembledRun };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Assembles events into messages, tool calls, approvals and runs. Only unfinished objects are
 * kept (at most `maxOpen` of each kind, the oldest dropped first); a finished one is handed out in
 * its last update and forgotten. Not thread-safe; used from the event loop.
 */
export class Assembler {
  private readonly messages = new Map<string, Mutable<AssembledMessage>>();
  private readonly toolCalls = new Map<string, Mutable<AssembledToolCall>>();
  private readonly approvals = new Map<string, Mutable<AssembledApproval>>();
  private readonly runs = new Map<string, Mutable<AssembledRun>>();
  /** Runs that ended, so a late event does not bring one back to life. */
  private readonly ended = new Set<string>();

  constructor(private readonly maxOpen = 1_000) {}

  /**
   * Applies one event and returns what it changed (nothing for events that change none of them).
   */
  apply(event: KnownEvent): AssemblyUpdate[] {
    const origin = { runId: event.run_id, threadId: event.thread_id, stream: event.stream };
    const updates: AssemblyUpdate[] = [];
    const run = this.run(event, updates);
    switch (event.type) {
      case 'message_started': {
        const message = this.message(key(event.stream, event.payload.message_id), event.payload.message_id, origin);
        message.kind = event.payload.kind;
        updates.push(messageUpdate(message));
        break;
      }
      case 'message_delta': {
        const id = key(event.stream, event.payload.message_id);
        const known = this.messages.has(id);
        const message = this.message(id, event.payload.message_id, origin);
        if (!known) {
          // The start was never seen: what came before this delta is missing.
          message.truncated = true;
        }
        message.text += event.payload.delta;
        updates.push(messageUpdate(message));
        break;
      }
      case 'message_completed': {
        const id = key(event.stream, event.payload.message_id);
        const message = this.message(id, event.payload.message_id, origin);
        message.status = 'completed';
        this.messages.delete(id);
        updates.push(messageUpdate(message));
        break;
      }
      case 'tool_call_delta': {
        const call = this.toolCall(key(event.stream, event.payload.tool_call_id), event.payload.tool_call_id, origin);
        call.name = event.payload.tool_name;
        call.argumentsText += event.payload.arguments_delta;
        updates.push(toolCallUpdate(call));
        break;
      }
      case 'tool_executing': {
        const call = this.toolCall(key(event.stream, event.payload.tool_call_id), event.payload.tool_call_id, origin);
        call.name = event.payload.tool_name;
        call.arguments = event.payload.arguments;
        if (call.argumentsText === '') {
          call.argumentsText = JSON.stringify(event.payload.arguments);
        }
        call.status = 'executing';
        updates.push(toolCallUpdate(call));
        break;
      }
      case 'tool_completed': {
        const id = key(event.stream, event.payload.tool_call_id);
        const call = this.toolCall(id, event.payload.tool_call_id, origin);
        call.name = event.payload.tool_name;
        call.status = 'completed';
        call.succeeded = event.payload.succeeded;
        call.result = event.payload.result;
        call.durationMillis = event.payload.duration_millis;
        this.toolCalls.delete(id);
        updates.push(toolCallUpdate(call));
        break;
      }
      case 'approval_requested': {
        // Keyed by request id alone: a tab not subscribed to the thread gets the decision unnumbered.
        const id = event.payload.request_id;
        const approval: Mutable<AssembledApproval> = {
          ...origin,
          requestId: event.payload.request_id,
          toolCallId: event.payload.tool_call_id,
          title: event.payload.title,
          details: event.payload.details,
          status: 'pending',
        };
        remember(this.approvals, id, approval, this.maxOpen);
        updates.push(approvalUpdate(approval));
        break;
      }
      case 'approval_decided': {
        // By request id alone: a tab not subscribed to the thread gets the decision unnumbered.
        const id = event.payload.request_id;
        const approval = this.approvals.get(id) ?? { ...origin, requestId: event.payload.request_id, title: '', status: 'pending' };
        approval.status = event.payload.decision;
        approval.comment = event.payload.comment;
        this.approvals.delete(id);
        updates.push(approvalUpdate(approval));
        break;
      }
      case 'agent_completed':
        if (run) {
          this.finish(run.id, event.payload.status, updates);
        }
        break;
      default:
        break;
    }
    return updates;
  }

  /**
   * Marks an unfinished message as missing text: the server could not serve `lostChars` of it.
   *
   * @returns the update, or undefined if no such message is open
   */
  truncate(stream: string | undefined, messageId: string, lostChars: number): AssemblyUpdate | undefined {
    const message = this.messages.get(key(stream, messageId));
    if (!message) {
      return undefined;
    }
    message.truncated = true;
    message.lostChars = (message.lostChars ?? 0) + lostChars;
    return messageUpdate(message);
  }

  // Tracks the run an event belongs to; a run seen mid-way (joined late) starts as running.
  private run(event: KnownEvent, updates: AssemblyUpdate[]): Mutable<AssembledRun> | undefined {
    const runId = event.run_id ?? (event.type === 'cancel_requested' ? event.payload.run_id : undefined);
    if (runId === undefined || this.ended.has(runId)) {
      return undefined;
    }
    let run = this.runs.get(runId);
    const created = !run;
    if (!run) {
      run = { id: runId, threadId: event.thread_id, stream: event.stream, status: 'running' };
      remember(this.runs, runId, run, this.maxOpen);
    }
    let changed = created;
    if (event.type === 'agent_started') {
      run.agentName = event.payload.agent_name;
      changed = true;
    } else if (event.type === 'agent_thinking') {
      run.step = event.payload.step;
      run.thought = event.payload.thought;
      changed = true;
    } else if (event.type === 'cancel_requested' && run.status === 'running') {
      run.status = 'cancelling';
      changed = true;
    } else if (event.type === 'agent_completed') {
      run.status = event.payload.status;
      run.answer = event.payload.answer;
      run.error = event.payload.error;
      changed = false; // reported by finish(), after what it interrupts
    }
    if (changed) {
      updates.push(runUpdate(run));
    }
    return run;
  }

  // A run ended: whatever of it is still open is interrupted, then the run itself is reported.
  private finish(runId: string, outcome: RunOutcome, updates: AssemblyUpdate[]): void {
    for (const [id, message] of this.messages) {
      if (message.runId === runId) {
        message.status = 'interrupted';
        this.messages.delete(id);
        updates.push(messageUpdate(message));
      }
    }
    for (const [id, call] of this.toolCalls) {
      if (call.runId === runId) {
        call.status = 'interrupted';
        this.toolCalls.delete(id);
        updates.push(toolCallUpdate(call));
      }
    }
    for (const [id, approval] of this.approvals) {
      if (approval.runId === runId) {
        approval.status = 'expired';
        this.approvals.delete(id);
        updates.push(approvalUpdate(approval));
      }
    }
    const run = this.runs.get(runId);
    this.runs.delete(runId);
    if (run) {
      run.status = outcome;
      updates.push(runUpdate(run));
    }
    this.ended.add(runId);
    if (this.ended.size > this.maxOpen) {
      this.ended.delete(this.ended.values().next().value as string);
    }
  }

  private message(id: string, messageId: string, origin: Origin): Mutable<AssembledMessage> {
    let message = this.messages.get(id);
    if (!message) {
      message = { ...origin, id: messageId, kind: 'text', text: '', status: 'streaming', truncated: false };
      remember(this.messages, id, message, this.maxOpen);
    }
    return message;
  }

  private toolCall(id: string, toolCallId: string, origin: Origin): Mutable<AssembledToolCall> {
    let call = this.toolCalls.get(id);
    if (!call) {
      call = { ...origin, id: toolCallId, name: '', argumentsText: '', status: 'streaming' };
      remember(this.toolCalls, id, call, this.maxOpen);
    }
    return call;
  }
}

// Ids come from the application and are unique within a stream, not necessarily across streams.
function key(stream: string | undefined, id: string): string {
  return `${stream ?? ''}\u0000${id}`;
}

function remember<V>(map: Map<string, V>, id: string, value: V, max: number): void {
  map.set(id, value);
  if (map.size > max) {
    map.delete(map.keys().next().value as string);
  }
}

const messageUpdate = (message: AssembledMessage): AssemblyUpdate => ({ kind: 'message', message: Object.freeze({ ...message }) });
const toolCallUpdate = (toolCall: AssembledToolCall): AssemblyUpdate => ({ kind: 'toolCall', toolCall: Object.freeze({ ...toolCall }) });
const approvalUpdate = (approval: AssembledApproval): AssemblyUpdate => ({ kind: 'approval', approval: Object.freeze({ ...approval }) });
const runUpdate = (run: AssembledRun): AssemblyUpdate => ({ kind: 'run', run: Object.freeze({ ...run }) });
