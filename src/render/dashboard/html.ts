// The dashboard's HTML: every page of the site, its stylesheet (with a print stylesheet) and its small
// script (the search). Plain HTML; nothing loaded from outside the site's folder; relative links, so
// the site opens from file:// and from any static host. Every text goes through `h` — escaped and,
// unless --include-contacts, with phone numbers masked — so nothing personal slips through a field.
// Elements the browser tests look for carry stable data-testid / data-figure attributes.
//
// One module a page kind in pages/: layout.ts (the frame and the pieces every page uses), department.ts
// (index.html, due.html, payroll), engineer.ts (people.html, a person's page), record.ts (letters and
// notices, the timeline), customer.ts (customers.html, customers, equipment), search.ts (the search's
// documents). build.ts imports this module; its code version hashes every function exported here.
export * from "./pages/customer.ts";
export * from "./pages/department.ts";
export * from "./pages/engineer.ts";
export * from "./pages/layout.ts";
export * from "./pages/record.ts";
export * from "./pages/search.ts";
