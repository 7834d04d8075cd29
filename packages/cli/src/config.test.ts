import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENVIRONMENT_HELP, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("listens on this machine only unless HOST says otherwise", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("reads trusted proxies and body limits", () => {
    const config = loadConfig({
      QUORUM_TRUSTED_PROXIES: "10.0.0.1, 192.168.0.0/16,",
      QUORUM_MAX_BODY_BYTES: "2048",
      QUORUM_MAX_IMPORT_BYTES: "1000000",
    });
    expect(config.trustedProxies).toEqual(["10.0.0.1", "192.168.0.0/16"]);
    expect(config.maxBodyBytes).toBe(2048);
    expect(config.maxImportBytes).toBe(1_000_000);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({}).maxBodyBytes).toBe(1024 * 1024);
    expect(() => loadConfig({ QUORUM_MAX_BODY_BYTES: "1e6" })).toThrow("QUORUM_MAX_BODY_BYTES");
  });

  it("reads admission control settings given, leaving the rest to the server's defaults", () => {
    expect(loadConfig({}).admission).toEqual({});
    expect(loadConfig({ QUORUM_MAX_IN_FLIGHT: "0" }).admission).toEqual({ maxInFlight: 0 });
    expect(loadConfig({ QUORUM_TARGET_MS: "40", QUORUM_QUEUE_WAIT_MS: "80" }).admission).toEqual({
      targetMs: 40,
      maxWaitMs: 80,
    });
    expect(loadConfig({ QUORUM_DELAY_TARGET_MS: "0" }).admission).toEqual({ delayTargetMs: 0 });
    expect(loadConfig({ QUORUM_MIN_SHED_RATE: "0" }).admission).toEqual({ minShedRate: 0 });
    expect(() => loadConfig({ QUORUM_MAX_QUEUED: "-1" })).toThrow("QUORUM_MAX_QUEUED must be a whole number");
  });

  it("reads the longest pause within an import upload, 30 s by default", () => {
    expect(loadConfig({}).importIdleSeconds).toBe(30);
    expect(loadConfig({ QUORUM_IMPORT_IDLE_SECONDS: "2.5" }).importIdleSeconds).toBe(2.5);
    expect(() => loadConfig({ QUORUM_IMPORT_IDLE_SECONDS: "0" })).toThrow("QUORUM_IMPORT_IDLE_SECONDS");
    expect(() => loadConfig({ QUORUM_IMPORT_IDLE_SECONDS: "soon" })).toThrow("QUORUM_IMPORT_IDLE_SECONDS");
  });
});

describe("quorum --help's environment", () => {
  it("lists every variable the README's Environment paragraph names, as the README says it does", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
    const start = readme.indexOf("\nEnvironment: ");
    const paragraph = readme.slice(start, readme.indexOf("\n\n", start));
    const named = new Set(paragraph.match(/\b(?:QUORUM_[A-Z0-9_]+|DATABASE_URL|PORT|HOST)\b/g));
    expect(named.size).toBeGreaterThan(20);
    // QUORUM_OIDC_* stands for the single sign-on variables, each listed under its own name.
    const missing = [...named].filter((name) => name !== "QUORUM_OIDC_" && !ENVIRONMENT_HELP.includes(name));
    expect(missing).toEqual([]);
  });
});
