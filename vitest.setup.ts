import fc from "fast-check";
import { useCheapHashesInTests } from "./packages/server/src/auth/password.js";

// Property tests explore random cases on developers' machines; CI replays one fixed seed so a
// red run always means a change, not a dice roll. FC_SEED=<n> replays any seed anywhere.
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261122" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

// Password hashes at a sixteenth of scrypt's memory and time: the hashing code is the same, and
// signing in is most of what many HTTP tests do before the behaviour they check.
useCheapHashesInTests(1024);
