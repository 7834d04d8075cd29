import type { User } from "@quorum/core";
import type { Database } from "@quorum/storage";

/** Everything a request handler may use; built once in `createApp`. */
export interface AppDeps {
  database: Database;
  /** Epoch milliseconds; tests pass a controllable clock. */
  now: () => number;
  /** Send the session cookie with `Secure` (behind HTTPS). */
  secureCookies: boolean;
  /** Folder of the built web app, served at `/`; undefined serves no web app. */
  webRoot?: string | undefined;
  log: (line: string) => void;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User | undefined;
    requestId: string;
  };
}
