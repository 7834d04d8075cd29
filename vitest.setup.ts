import fc from "fast-check";

// Property tests explore random cases on developers' machines; CI replays one fixed seed so a
// red run always means a change, not a dice roll. FC_SEED=<n> replays any seed anywhere.
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261122" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
