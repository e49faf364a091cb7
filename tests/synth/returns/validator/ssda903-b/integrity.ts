// The validator's internal checks between tables: every child in a table is in the header, with the
// header's date of birth (and sex, for UASC); and children without episodes have no other data (1012).
import type { Rule } from '../rule.js';
import { byChild, childSet, dt, rule, v, type Return903, type Table } from './frame.js';

const NAMES: Partial<Record<Table, string>> = {
  ad1: 'AD1', placed_adoption: 'PlacedAdoption', episodes: 'Episodes', missing: 'Missing', oc2: 'OC2',
  oc3: 'OC3', prev_perm: 'PrevPerm', reviews: 'Reviews', uasc: 'UASC',
};

function notInHeader(code: string, table: Table): Rule<Return903> {
  const message = `${code === 'INT01' ? 'Data Integrity Check' : 'Internal Check'}: Child in ${NAMES[table]} does not exist in Header.`;
  return rule(code, message, (d, fail) => {
    const header = childSet(d.tables.header);
    d.tables[table].forEach((r, i) => !header.has(v(r, 'CHILD') ?? '') && fail(table, i));
  });
}

/** A field that differs from the header's for the same child (both present; dates compared as dates). */
function differsFromHeader(code: string, table: Table, field: 'DOB' | 'SEX'): Rule<Return903> {
  const read = (r: Record<string, string> | undefined) => (field === 'DOB' ? dt(r, field) : v(r, field));
  return rule(code, `Internal Check: ${field} in ${NAMES[table]} is different to ${field} in Header.`, (d, fail) => {
    const header = byChild(d.tables.header);
    d.tables[table].forEach((r, i) => {
      for (const j of header.get(v(r, 'CHILD') ?? '') ?? []) {
        const [a, b] = [read(d.tables.header[j]), read(r)];
        if (a !== null && b !== null && a !== b) fail(table, i);
      }
    });
  });
}

export const INTEGRITY_RULES = [
  notInHeader('INT01', 'ad1'),
  notInHeader('INT02', 'placed_adoption'),
  notInHeader('INT03', 'episodes'),
  notInHeader('INT04', 'missing'),
  notInHeader('INT05', 'oc2'),
  notInHeader('INT06', 'oc3'),
  notInHeader('INT07', 'prev_perm'),
  notInHeader('INT08', 'reviews'),
  notInHeader('INT09', 'uasc'),
  differsFromHeader('INT11', 'ad1', 'DOB'),
  differsFromHeader('INT12', 'placed_adoption', 'DOB'),
  differsFromHeader('INT13', 'missing', 'DOB'),
  differsFromHeader('INT14', 'oc2', 'DOB'),
  differsFromHeader('INT15', 'oc3', 'DOB'),
  differsFromHeader('INT16', 'prev_perm', 'DOB'),
  differsFromHeader('INT17', 'reviews', 'DOB'),
  differsFromHeader('INT18', 'uasc', 'DOB'),
  differsFromHeader('INT21', 'uasc', 'SEX'),
  rule('1012', 'No other data should be returned for OC3 children who had no episodes in the current year', (d, fail) => {
    const looked = childSet(d.tables.episodes);
    for (const table of ['placed_adoption', 'missing', 'reviews', 'ad1', 'prev_perm', 'oc2'] as const) {
      d.tables[table].forEach((r, i) => !looked.has(v(r, 'CHILD') ?? '') && fail(table, i));
    }
  }),
];
