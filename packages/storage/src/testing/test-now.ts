/** The clock of the fixtures when a test gives none: 2027-01-15, the same instant the test app starts at. */
export const TEST_NOW = 1_800_000_000_000;
