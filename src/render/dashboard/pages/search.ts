// The search's documents (the search itself runs in the browser: assets/app.js).
import type { Customer, Equipment, Letter, Notice, Person } from "../../../schemas/index.ts";
import type { SearchDoc } from "../search-index.ts";
import { type Ctx, maskPhones } from "./layout.ts";

// ------------------------------------------------------------------ search

/**
 * The search's documents (ids, names, customers, engineers, contents), sorted by id. svc builds the
 * search's index of them (search-index.ts); the browser searches it (assets/app.js).
 */
export function searchDocs(
  c: Ctx,
  d: {
    people: readonly Person[];
    customers: readonly Customer[];
    letters: { letter: Letter; customer?: string }[];
    notices: readonly Notice[];
    equipment: readonly Equipment[];
  },
): SearchDoc[] {
  const mask = (s: string) => (c.contacts ? s : maskPhones(s));
  const cut = (s: string | undefined, n: number) => (s ? s.replace(/\s+/g, " ").slice(0, n) : "");
  const short = (s: string | undefined, n = 160) => mask(cut(s, n));
  const docs: SearchDoc[] = [];
  for (const p of d.people)
    docs.push({ id: p.id, t: mask(p.name), u: `engineers/${p.id}.html`, x: short(p.region) });
  for (const x of d.customers)
    docs.push({ id: x.id, t: mask(x.name), u: `customers/${x.id}.html`, x: short(x.address) });
  for (const n of d.notices)
    docs.push({
      id: n.id,
      t: mask(`${c.customer(n.customer)} · ${n.type}`),
      u: `notices/${n.id}.html`,
      x: short(`${n.content} ${n.fault ?? ""} ${n.equipment ?? ""}`),
    });
  for (const { letter: l, customer } of d.letters)
    docs.push({
      id: l.id,
      t: mask(`${customer ? c.customer(customer) : ""} · ${c.person(l.engineer)} · ${l.status}`),
      u: `letters/${l.id}.html`,
      x: short(
        `${l.unplanned?.content ?? ""} ${l.preparation.solution ?? ""} ${l.log.map((e) => e.text).join(" ")}`,
        240,
      ),
    });
  for (const e of d.equipment)
    docs.push({
      id: e.id,
      t: mask(`${c.customer(e.customer)} · ${[e.product, e.model].filter(Boolean).join(" ")}`),
      u: `equipment/${e.id}.html`,
      x: cut(e.serial, 160), // an identifier, found as written: an all-digit serial is not a phone
    });
  docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return docs;
}
