// Turns a test generator's rows into what the model and the reports read: the event table (linked into
// episodes as the importer would) and the child attributes aligned with it. Structure-free on purpose:
// each generator in this folder is written on its own, with its own PRNG, distributions and process.
import { emptyChildAttributes, type ChildAttributes } from '../../../core/children.js';
import { NO_DATE } from '../../../core/children.js';
import { formatDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../../core/event-table.js';
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES } from '../../../core/events.js';

export interface TestLogOptions {
  children: number;
  /** first and last day number of the log */
  from: number;
  to: number;
  seed: number;
}

export interface TestChild {
  id: string;
  dob: number;
  sex: (typeof SEX_CODES)[number];
  ethnicity: string;
  disability: (typeof DISABILITY_CODES)[number];
}

export interface TestLog {
  records: EventRecord[];
  table: EventTable;
  children: ChildAttributes;
}

/** The log of `records`; children without a record in it are left out, as an extract would. */
export function testLog(records: EventRecord[], people: readonly TestChild[]): TestLog {
  const table = buildEventTable(records);
  const byId = new Map(people.map((p) => [p.id, p]));
  const children = emptyChildAttributes(table.childIds.length);
  table.childIds.forEach((id, c) => {
    const p = byId.get(id)!;
    children.dob[c] = p.dob;
    children.sex[c] = SEX_CODES.indexOf(p.sex) + 1;
    children.ethnicity[c] = ETHNICITY_CODES.indexOf(p.ethnicity) + 1;
    children.disability[c] = DISABILITY_CODES.indexOf(p.disability) + 1;
  });
  return { records, table, children };
}

/** The log as an events CSV (what a council would load), attributes on every row. */
export function toEventsCsv(log: TestLog): string {
  const attributes = new Map<string, string>();
  log.table.childIds.forEach((id, c) => {
    const dob = log.children.dob[c]!;
    attributes.set(id, [dob === NO_DATE ? '' : formatDay(dob), SEX_CODES[log.children.sex[c]! - 1] ?? '', ETHNICITY_CODES[log.children.ethnicity[c]! - 1] ?? '', DISABILITY_CODES[log.children.disability[c]! - 1] ?? ''].join(','));
  });
  const lines = ['child_id,event,date,episode_id,outcome,source,dob,sex,ethnicity,disability'];
  for (const r of log.records) lines.push(`${r.child},${r.type},${formatDay(r.day)},${r.episodeId ?? ''},${r.outcome ?? ''},${r.source ?? ''},${attributes.get(r.child)}`);
  return `${lines.join('\n')}\n`;
}
