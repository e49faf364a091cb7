// The key a client address is counted under by every per-address limit (sign-in attempts, sockets held,
// uploads being received): an IPv6 client usually holds a whole /64, so counting its addresses one by one
// would give it 2^64 shares of each limit.

/** The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64 (one host's usual share). */
export function addressKey(ip: string): string {
  let a = ip.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith('::ffff:') && a.includes('.')) return a.slice(7);
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = a.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}
