/** The people directory's filters, as the page holds them ("" = any). */
export interface PeopleFilters {
  vendorId: string;
  teamId: string;
  language: string;
  region: string;
  status: string;
  role: string;
}

export const NO_PEOPLE_FILTERS: PeopleFilters = {
  vendorId: "",
  teamId: "",
  language: "",
  region: "",
  status: "active",
  role: "",
};

/** `GET /people` with the filters that are set, in a stable order. */
export function peoplePath(filters: PeopleFilters): string {
  const params = new URLSearchParams();
  for (const key of ["vendorId", "teamId", "language", "region", "status", "role"] as const) {
    const value = filters[key].trim();
    if (value !== "") params.set(key, value);
  }
  const query = params.toString();
  return query ? `/people?${query}` : "/people";
}
