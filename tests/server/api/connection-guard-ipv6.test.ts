// The per-address socket cap counts an IPv6 client by its /64 (audit a12b: counted by full address, a host
// with a /64 could open 256 sockets from each of 2^64 addresses). Sockets are stand-ins here: a test machine
// can only connect from ::1.
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { expect, it } from 'vitest';
import { guardConnections } from '../../../server/connection-guard.js';

class FakeSocket extends EventEmitter {
  destroyed = false;
  constructor(readonly remoteAddress: string) {
    super();
  }
  destroy(): void {
    this.destroyed = true;
  }
}

it('caps the sockets of one IPv6 /64 together, and of separate /64s and IPv4 addresses apart', () => {
  const server = new EventEmitter() as unknown as Server;
  guardConnections(server, { firstRequestMs: 60_000, headersMs: 10_000, maxPerAddress: 4 });
  const open = (address: string): FakeSocket => {
    const socket = new FakeSocket(address);
    server.emit('connection', socket);
    return socket;
  };
  // Six addresses of one /64: the fifth and sixth are refused (before: all six held).
  const same = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:abcd::9', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::5', '2001:db8:1:2::6'].map(open);
  expect(same.map((s) => s.destroyed)).toEqual([false, false, false, false, true, true]);
  // Another /64 and an IPv4 client have their own caps.
  expect(open('2001:db8:1:3::1').destroyed).toBe(false);
  expect(open('192.0.2.7').destroyed).toBe(false);
  // A socket of the /64 closing frees a place.
  same[0]!.emit('close');
  expect(open('2001:db8:1:2::7').destroyed).toBe(false);
  for (const s of same) s.emit('close');
});
