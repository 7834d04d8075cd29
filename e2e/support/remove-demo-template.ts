import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Vitest global setup: after the run, removes the demo workspace its browser tests shared. */
export default function setup() {
  return () => {
    const template = join(tmpdir(), `quorum-e2e-demo-${process.env.QUORUM_TEST_RUN}`);
    rmSync(template, { recursive: true, force: true });
    rmSync(`${template}.lock`, { recursive: true, force: true });
  };
}
