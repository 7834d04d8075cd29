import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address.js";

describe("clientAddress", () => {
  const trusted = parseTrustedProxies(["10.0.0.1", "192.168.0.0/16", "::1"]);

  it("is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", trusted)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, trusted)).toBe("203.0.113.9");
    expect(clientAddress(undefined, "1.2.3.4", trusted)).toBe("unknown");
  });

  it("reads X-Forwarded-For from the right through trusted hops only", () => {
    expect(clientAddress("10.0.0.1", "1.2.3.4", trusted)).toBe("1.2.3.4");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 1.2.3.4, 192.168.4.4", trusted)).toBe("1.2.3.4");
    expect(clientAddress("::1", "2001:db8::7", trusted)).toBe("2001:db8::7");
    // A garbled entry ends the chain at the last hop we could read.
    expect(clientAddress("10.0.0.1", "1.2.3.4, garbage", trusted)).toBe("10.0.0.1");
  });

  it("refuses a trusted-proxy entry that is not an address or CIDR range", () => {
    expect(() => parseTrustedProxies(["10.0.0.0/33"])).toThrow("10.0.0.0/33");
    expect(() => parseTrustedProxies(["proxy.local"])).toThrow("proxy.local");
  });
});
