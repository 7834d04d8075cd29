import type { User } from "@quorum/core";
import type { Database } from "@quorum/storage";
import type { AdmissionLimits } from "./admission.js";
import type { OidcConfig } from "./auth/oidc-config.js";
import type { Mailer } from "./monitoring/mailer.js";

/** Request body limits. */
export interface BodyLimits {
  /** Every JSON body, in bytes (default 1 MiB). */
  jsonBytes: number;
  /** Import files, in bytes, counted as they stream in (default 1 GiB). */
  importBytes: number;
  /** The longest wait for the next chunk of an import file, in milliseconds (default 30 s). */
  importIdleMs: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  jsonBytes: 1024 * 1024,
  importBytes: 1024 * 1024 * 1024,
  importIdleMs: 30_000,
};

/** Everything a request handler may use; built once in `createApp`. */
export interface AppDeps {
  database: Database;
  /** Epoch milliseconds; tests pass a controllable clock. */
  now: () => number;
  /** Send the session cookie with `Secure` (behind HTTPS); also turns on HSTS. */
  secureCookies: boolean;
  /** Folder of the built web app, served at `/`; undefined serves no web app. */
  webRoot?: string | undefined;
  log: (line: string) => void;
  /**
   * Addresses or CIDR ranges of the reverse proxies in front of the server. Only a request coming
   * from one of them has its `X-Forwarded-For` believed; by default none is.
   */
  trustedProxies?: readonly string[] | undefined;
  limits?: Partial<BodyLimits> | undefined;
  /** Admission control (requests worked on at once, queued, waiting time); undefined admits all. */
  admission?: AdmissionLimits | undefined;
  /** Single sign-on with an OpenID Connect provider (`parseOidcConfig`); undefined: passwords only. */
  oidc?: OidcConfig | undefined;
  /**
   * E-mail (QUORUM_SMTP_URL): one-time password links and reports run on request; undefined shows
   * the link to whoever issued it and keeps reports in the app only.
   */
  mailer?: Mailer | undefined;
  /** The URL people open Quorum at (links in e-mail); undefined: the request's own origin. */
  publicUrl?: string | undefined;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User | undefined;
    requestId: string;
    /** Hash of the session cookie the request came with, if any. */
    sessionHash: string | undefined;
    /** The request body, when admission control read it before the handler ran. */
    bodyText: string | undefined;
  };
}
