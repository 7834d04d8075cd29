import { describe, expect, it } from "vitest";
import { NO_PEOPLE_FILTERS, peoplePath } from "./people-query.js";

describe("peoplePath", () => {
  it("sends only the filters that are set", () => {
    expect(peoplePath({ ...NO_PEOPLE_FILTERS, status: "" })).toBe("/people");
    expect(peoplePath({ ...NO_PEOPLE_FILTERS, vendorId: "3", language: " de-AT " })).toBe(
      "/people?vendorId=3&language=de-AT&status=active",
    );
  });
});
