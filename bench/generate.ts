import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mulberry32 } from "@quorum/core";

const WORDS = (
  "the of and to in is for on that with as by this are from at be or an was it not which have " +
  "search result query page relevant answer product review price delivery quality support account " +
  "weather travel hotel flight recipe chicken pasta garden music video game football election " +
  "health doctor symptoms insurance mortgage laptop battery phone camera screen cheap best near " +
  "open hours reviews compare guide tutorial how why what when where download free online store"
).split(" ");

export interface GeneratedFile {
  path: string;
  tasks: number;
  gold: number;
  bytes: number;
}

/**
 * A JSONL import file of `tasks` search-relevance rating tasks, ~150-200 bytes a line: an
 * external id, `data` with a query, a result text, a language and a source; one task in 50
 * carries a gold answer (0-4). Reused when a file of the same size was generated before.
 */
export async function generateTasksFile(path: string, tasks: number): Promise<GeneratedFile> {
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as GeneratedFile;
    if (meta.tasks === tasks && statSync(path).size === meta.bytes) return meta;
  }
  const next = mulberry32(20261122);
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const out = createWriteStream(path);
  let gold = 0;
  let bytes = 0;
  const LINES_PER_WRITE = 5000;
  for (let start = 0; start < tasks; start += LINES_PER_WRITE) {
    let text = "";
    for (let i = start; i < Math.min(tasks, start + LINES_PER_WRITE); i++) {
      const query = `${word()} ${word()} ${word()}`;
      const words: string[] = [];
      const length = 9 + Math.floor(next() * 10);
      for (let w = 0; w < length; w++) words.push(word());
      const record: Record<string, unknown> = {
        id: `doc-${String(i + 1).padStart(7, "0")}`,
        data: { query, text: words.join(" "), language: "en", source: next() < 0.5 ? "web" : "news" },
      };
      if (i % 50 === 7) {
        record.gold = Math.floor(next() * 5);
        gold++;
      }
      text += `${JSON.stringify(record)}\n`;
    }
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const meta: GeneratedFile = { path, tasks, gold, bytes };
  writeFileSync(metaPath, JSON.stringify(meta));
  return meta;
}
