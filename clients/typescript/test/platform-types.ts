// Compile-time check, run by `npm test` through tsc: the platform's WebSocket class (DOM typings)
// fits the client's WebSocket option without a cast.
import type { WebSocketConstructor, WebSocketLike } from '../src/index.js';

export const platformClass: WebSocketConstructor = WebSocket;
export const platformSocket = (socket: WebSocket): WebSocketLike => socket;
