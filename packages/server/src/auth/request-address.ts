import type { BlockList } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../context.js";
import { clientAddress, parseTrustedProxies } from "./client-address.js";

/** Each app's trusted proxies, parsed once (by `createApp`, which so refuses a bad entry at start). */
const TRUSTED = new WeakMap<AppDeps, BlockList>();

export function trustedProxiesOf(deps: AppDeps): BlockList {
  let list = TRUSTED.get(deps);
  if (!list) {
    list = parseTrustedProxies(deps.trustedProxies ?? []);
    TRUSTED.set(deps, list);
  }
  return list;
}

/** The socket peer's address; undefined for in-process calls (`app.request` without a Node socket). */
function peerAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  return env?.incoming || env?.server?.incoming ? getConnInfo(c).remote.address : undefined;
}

/**
 * The caller's address (`clientAddress`: the socket peer, or what a trusted proxy says it is),
 * worked out when a route asks (sign-in and sign-up throttles) rather than for every request.
 */
export function requestClientAddress(c: Context<AppEnv>): string {
  return clientAddress(peerAddress(c), c.req.header("x-forwarded-for"), trustedProxiesOf(c.get("deps")));
}
