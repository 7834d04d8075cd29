import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { claimValues, parseRoleMap, roleFromClaims } from "./role-from-claims.js";

const MAP = parseRoleMap("quorum-admins=admin, quorum-managers=manager,quorum-review=reviewer", "QUORUM_OIDC_ROLE_MAP");

describe("parseRoleMap", () => {
  it("reads value=role pairs in order, ignoring spaces and empty entries", () => {
    expect(parseRoleMap(" a=admin ,, b = analyst,", "X")).toEqual([
      { value: "a", role: "admin" },
      { value: "b", role: "analyst" },
    ]);
  });

  it("keeps an = inside the value (the role is after the last one)", () => {
    expect(parseRoleMap("cn=quorum-admins=admin", "X")).toEqual([{ value: "cn=quorum-admins", role: "admin" }]);
  });

  it("refuses unknown roles, entries without a role, duplicates and an empty map, naming the variable", () => {
    const problem = (text: string) => {
      try {
        parseRoleMap(text, "QUORUM_OIDC_ROLE_MAP");
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).message;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(problem("admins=superuser")).toMatch(/^QUORUM_OIDC_ROLE_MAP: .*superuser is not a role/);
    expect(problem("admins")).toContain('"admins" is not claim-value=role');
    expect(problem("=admin")).toContain("is not claim-value=role");
    expect(problem("a=admin,a=manager")).toContain('"a" is mapped twice');
    expect(problem(" , ")).toContain("maps no claim value to a role");
  });
});

describe("claimValues", () => {
  it("reads a list, a single string, or nothing", () => {
    expect(claimValues({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(claimValues({ groups: { a: true } }, "groups")).toEqual([]);
    expect(claimValues({}, "groups")).toEqual([]);
  });

  it("reaches into nested claims with a dotted name unless the exact key exists", () => {
    expect(claimValues({ realm_access: { roles: ["quorum-admins"] } }, "realm_access.roles")).toEqual([
      "quorum-admins",
    ]);
    expect(claimValues({ "a.b": ["top"], a: { b: ["nested"] } }, "a.b")).toEqual(["top"]);
    expect(claimValues({ a: ["x"] }, "a.b")).toEqual([]);
  });
});

describe("roleFromClaims", () => {
  it("gives the role of the first map entry the person's claim holds", () => {
    expect(roleFromClaims({ groups: ["quorum-review", "quorum-managers"] }, MAP, "groups")).toEqual({
      role: "manager",
      matched: "quorum-managers",
    });
    expect(roleFromClaims({ groups: "quorum-review" }, MAP, "groups")).toEqual({
      role: "reviewer",
      matched: "quorum-review",
    });
  });

  it("is undefined when no value is mapped, the claim is missing, or only the case matches", () => {
    expect(roleFromClaims({ groups: ["everyone"] }, MAP, "groups")).toBeUndefined();
    expect(roleFromClaims({ roles: ["quorum-admins"] }, MAP, "groups")).toBeUndefined();
    expect(roleFromClaims({ groups: ["Quorum-Admins"] }, MAP, "groups")).toBeUndefined();
  });

  it("reads the configured claim, nested ones included", () => {
    expect(roleFromClaims({ realm_access: { roles: ["quorum-admins"] } }, MAP, "realm_access.roles")?.role).toBe(
      "admin",
    );
  });
});
