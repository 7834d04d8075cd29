import { BlockList, isIP } from "node:net";

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 (dual-stack sockets report IPv4 peers so). */
function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

function family(address: string): "ipv4" | "ipv6" | undefined {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : undefined;
}

/**
 * The trusted proxies from `QUORUM_TRUSTED_PROXIES`-style entries (addresses or CIDR ranges such
 * as `10.0.0.0/8`, `::1`). Throws on an entry that is neither, naming it.
 */
export function parseTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.trim().split("/");
    const type = family(normalise(address));
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (!type || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > (type === "ipv4" ? 32 : 128))))
      throw new Error(`QUORUM_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    if (bits === undefined) list.addAddress(normalise(address), type);
    else list.addSubnet(normalise(address), bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const type = family(address);
  return type !== undefined && list.check(address, type);
}

/**
 * The client's address. The socket peer, unless it is a trusted proxy: then the
 * `X-Forwarded-For` chain is read from the right (the hops our proxies appended) and the first
 * address that is not a trusted proxy is the client. Without trusted proxies the header is
 * ignored, since any client can write it. `unknown` when there is no socket (in-process calls).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: BlockList): string {
  if (!peer) return "unknown";
  let client = normalise(peer);
  if (!forwardedFor || !isTrusted(trusted, client)) return client;
  const hops = forwardedFor.split(",").map(normalise);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!family(hop)) break; // a garbled entry: trust nothing left of it
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}
