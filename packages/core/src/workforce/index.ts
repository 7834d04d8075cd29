export * from "./sprt.js";
