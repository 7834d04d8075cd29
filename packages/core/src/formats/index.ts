export * from "./csv.js";
export * from "./export-file.js";
export * from "./export-label-studio.js";
export * from "./export-rows.js";
export * from "./import-tasks.js";
export * from "./json-array-stream.js";
export * from "./jsonl.js";
export * from "./label-studio-import.js";
