import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/instance.js";
import { ApiError } from "./client.js";
import { settleSubmit } from "./settle-submit.js";

describe("settleSubmit", () => {
  it("hands back the request's value when it succeeds", async () => {
    expect(await settleSubmit(async () => ({ id: 7 }))).toEqual({ ok: true, value: { id: 7 } });
  });

  it("turns an API error into the sentence to show and the field details it names", async () => {
    const detail = { path: "timeZone", message: "not an IANA time zone" };
    const outcome = await settleSubmit(async () => {
      throw new ApiError(400, "invalid_input", "The request body is not valid", [detail]);
    }, createI18n().t);
    expect(outcome).toEqual({
      ok: false,
      error: "The request body is not valid (timeZone: not an IANA time zone)",
      details: [detail],
    });
  });

  it("keeps any other failure's message, with no field details", async () => {
    const outcome = await settleSubmit(async () => {
      throw new Error("boom");
    });
    expect(outcome).toEqual({ ok: false, error: "boom", details: [] });
  });
});
