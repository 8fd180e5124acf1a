/**
 * Stands in for office.js in the browser tests: the simulated Excel host over the fixture's Book,
 * installed as `Excel` and `Office` the way office.js installs them. The test serves this bundle at
 * office.js's CDN address. The Book arrives as JSON in `globalThis.__JUXING_BOOK__` (dates tagged
 * { $date }), host options in `globalThis.__JUXING_FAKE_OPTIONS__` (set by the page's init script);
 * the fake stays reachable as `globalThis.__fake` for the test's checks.
 */
import type { Book } from "../../shared/grid.ts";
import {
  createFakeOffice,
  type FakeHostOptions,
  fakeWorkbookFromBook,
} from "../helpers/fake-office/index.ts";

const g = globalThis as Record<string, unknown>;
const book = JSON.parse(String(g.__JUXING_BOOK__), (_key, value) =>
  value && typeof value === "object" && typeof value.$date === "string" ? new Date(value.$date) : value,
) as Book;
const fake = createFakeOffice(
  fakeWorkbookFromBook(book),
  (g.__JUXING_FAKE_OPTIONS__ ?? {}) as FakeHostOptions,
);
fake.install();
g.__fake = fake;
