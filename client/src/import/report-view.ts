// Renders an import report: what was read (rows, children, events per type, periods of care), rows
// that could not be read, and the data-quality problems grouped by code with those new since the
// previous import marked, a table of the first ones and the CSV of all of them.
import type { ImportReportView } from './upload.js';

const EVENT_LABELS: Record<string, string> = {
  contact: 'Contacts', early_help_start: 'Early help started', early_help_end: 'Early help ended', referral: 'Referrals',
  assessment_start: 'Assessments started', assessment_end: 'Assessments authorised', strategy_discussion: 'Strategy discussions',
  s47_start: 'Section 47 enquiries', s47_end: 'Section 47 enquiries ended', icpc: 'Initial conferences', cin_plan_start: 'CIN plans started',
  cin_plan_end: 'CIN plans ended', cp_plan_start: 'CP plans started', cp_plan_end: 'CP plans ended', cla_start: 'Periods of care started',
  cla_end: 'Periods of care ended', case_closed: 'Cases closed',
};

/** Problems shown in the page's table; the CSV has them all. */
const SHOWN_PROBLEMS = 200;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, v);
  element.append(...children);
  return element;
}

const n = (value: number): string => value.toLocaleString('en-GB');

function table(caption: string, head: readonly string[], rows: readonly (readonly (Node | string)[])[], numeric: readonly number[] = []): HTMLElement {
  const t = el('table', { class: 'import-table' }, el('caption', {}, caption));
  t.append(el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: numeric.includes(i) ? 'num' : '' }, h)))));
  t.append(el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', { class: numeric.includes(i) ? 'num' : '' }, c))))));
  return el('div', { class: 'table-scroll' }, t);
}

/**
 * The figures mean what they mean everywhere (see SourceImportReport): rows read, rows imported, rows
 * not imported (those that cannot be read and those not read on purpose), and events apart. A failed
 * import imported nothing: its rows are all "not imported", and it shows no events.
 */
export function renderReport(report: ImportReportView, ok: boolean): HTMLElement {
  const out = el('div', { class: 'import-report' });
  const imported = ok ? report.imported : 0;
  const notImported = report.rows - imported;
  const unreadable = report.unreadable ?? report.rejected.length;
  const notRead = report.notRead ?? 0;
  const why = [unreadable > 0 ? `${n(unreadable)} cannot be read` : '', notRead > 0 ? `${n(notRead)} not read on purpose` : '', !ok && notImported > unreadable + notRead ? `${n(notImported - unreadable - notRead)} held back by the failed import` : '']
    .filter((s) => s !== '');
  const facts: [string, string][] = [
    ['Rows read', n(report.rows)],
    ['Rows imported', n(imported)],
    ['Rows not imported', why.length > 0 ? `${n(notImported)} (${why.join(', ')})` : n(notImported)],
  ];
  if (report.children !== undefined && ok) facts.push(['Children', n(report.children)]);
  const events = Object.entries(report.events ?? {}).filter(([, count]) => count > 0);
  if (ok && report.events !== undefined) facts.push(['Events', n(report.eventCount ?? events.reduce((a, [, c]) => a + c, 0))]);
  if (ok && report.counts?.periodsOfCare !== undefined) facts.push(['Periods of care', `${n(report.counts.periodsOfCare)} (${n(report.counts.openPeriodsOfCare ?? 0)} open)`]);
  if (ok && report.counts?.mergedEvents !== undefined) facts.push(['Events in two sources, imported once', n(report.counts.mergedEvents)]);
  if (report.quality !== undefined) facts.push(['Data-quality problems', report.quality.comparedWithPrevious ? `${n(report.quality.total)} (${n(report.quality.newSinceLastImport)} new)` : n(report.quality.total)]);
  out.append(el('dl', { class: 'import-facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));

  if (ok && events.length > 0) out.append(table('Events imported', ['Event', 'Count'], events.map(([type, count]) => [EVENT_LABELS[type] ?? type, n(count)]), [1]));
  if (report.files !== undefined && report.files.length > 0) {
    out.append(table('Rows by file and sheet', ['File', 'Sheet', 'Rows', 'Imported', 'Not imported'], report.files.map((f) => [f.file, f.sheet ?? '–', n(f.rows), n(f.imported), f.skipped > 0 ? `${n(f.rejected)} (not read: ${f.skipped === f.rejected ? 'all' : n(f.skipped)})` : n(f.rejected)]), [2, 3, 4]));
  }
  if (report.rejected.length > 0) {
    const listed = unreadable + notRead;
    out.append(table(`${ok ? 'Rows not imported' : 'Rows that stopped the import, and rows not read'}${report.rejected.length < listed ? ` (first ${n(report.rejected.length)})` : ''}`, ['Where', 'Row', 'Column', 'Why'], report.rejected.slice(0, SHOWN_PROBLEMS).map((r) => [`${r.file ?? ''}${r.sheet ? ` › ${r.sheet}` : ''}`, String(r.line), r.column ?? '', r.reason]), [1]));
  }
  if (report.warnings.length > 0) out.append(el('details', { class: 'import-warnings' }, el('summary', {}, `${report.warnings.length} note${report.warnings.length === 1 ? '' : 's'} about the files`), el('ul', {}, ...report.warnings.map((w) => el('li', {}, w)))));

  const q = report.quality;
  if (q !== undefined) {
    if (q.total === 0) out.append(el('p', { class: 'import-ok' }, 'No data-quality problems found.'));
    else {
      out.append(
        table(
          'Data-quality problems by kind',
          ['Problem', 'DfE rule', 'Count', q.comparedWithPrevious ? 'New since last import' : ''],
          q.byCode.map((g) => [el('span', {}, el('code', {}, g.code), ' ', g.summary, g.byEvent ? ` (${g.byEvent.map((e) => `${e.event} ${n(e.count)}`).join(', ')})` : ''), g.dfeRule ?? '–', n(g.count), q.comparedWithPrevious ? n(g.newCount) : '']),
          [2, 3],
        ),
      );
      const shown = q.problems.slice(0, SHOWN_PROBLEMS);
      out.append(
        table(
          `Problems, in file and row order${shown.length < q.total ? ` (first ${n(shown.length)} of ${n(q.total)})` : ''}`,
          ['', 'Where', 'Row', 'Field', 'Problem'],
          shown.map((p) => [p.isNew && q.comparedWithPrevious ? el('span', { class: 'badge-new' }, 'New') : '', `${p.file}${p.sheet ? ` › ${p.sheet}` : ''}`, String(p.row), p.field ?? '', p.message]),
          [2],
        ),
      );
    }
    if (ok) out.append(el('p', {}, el('a', { href: `/api/datasets/${encodeURIComponent(report.dataset)}/quality.csv`, download: `${report.dataset}-data-quality.csv`, class: 'import-csv' }, 'Download every problem (CSV)')));
  }
  return out;
}
