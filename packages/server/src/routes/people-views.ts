import type { Membership, Person, Team, Vendor } from "@quorum/storage";
import { type UserView, userView } from "./views.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function membershipView(membership: Membership) {
  return {
    teamId: membership.teamId,
    teamName: membership.teamName,
    vendorId: membership.vendorId,
    vendorName: membership.vendorName,
    joinedAt: iso(membership.joinedAt) as string,
    /** null: the current team. */
    leftAt: iso(membership.leftAt),
  };
}
export type MembershipView = ReturnType<typeof membershipView>;

/** A person in the directory: the account and their current team. */
export type PersonView = UserView & { team: MembershipView | null };
export function personView(person: Person): PersonView {
  return { ...userView(person.user), team: person.team ? membershipView(person.team) : null };
}

export function vendorView(vendor: Vendor) {
  return { ...vendor, createdAt: iso(vendor.createdAt) as string };
}
export type VendorView = ReturnType<typeof vendorView>;

export function teamView(team: Team) {
  return { ...team, createdAt: iso(team.createdAt) as string };
}
export type TeamView = ReturnType<typeof teamView>;

/** `GET /people`. */
export interface PeopleResponse {
  people: PersonView[];
}
/** `GET /people/{id}`: the profile, with every team stay, the newest first. */
export interface PersonResponse {
  person: PersonView;
  memberships: MembershipView[];
}
/** `GET /vendors`. */
export interface VendorsResponse {
  vendors: VendorView[];
}
/** `GET /teams`. */
export interface TeamsResponse {
  teams: TeamView[];
}
/** `GET /teams/{id}/members`. */
export interface TeamMembersResponse {
  team: TeamView;
  members: PersonView[];
}
