// Closing a connection whose request body is still arriving, so the client can read the answer first.
import type { IncomingMessage } from 'node:http';

const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 ** 2;

/**
 * After an upload was refused: drops what the client still sends, for LINGER_MS or LINGER_BYTES, then
 * closes the connection. Closing at once would reset it while the client is still sending, and a client
 * (curl, a browser) that sees the reset never reads the 413 or 408.
 */
export function lingerThenClose(raw: IncomingMessage): void {
  if (raw.complete || raw.destroyed) return;
  let dropped = 0;
  const close = () => {
    if (typeof raw.socket?.destroy === 'function') raw.socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}

