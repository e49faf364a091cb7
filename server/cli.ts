// The command line: `npm run -s cli -- <command>`. stdout carries only the result (JSON or a short
// summary), every message goes to stderr; exit 0 on success, 1 on failure, 2 on bad arguments.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { formatDay, parseDay } from '../core/dates.js';
import { computeMetrics, prepareMetrics } from '../core/metrics.js';
import { createAuditLog } from './audit/audit-log.js';
import { cliActor, recordCliExport } from './audit/cli-export.js';
import { createAccounts } from './auth/accounts.js';
import { promptHidden } from './auth/password-prompt.js';
import { positiveFromEnv } from './env-number.js';
import { isRole, type Role } from './auth/roles.js';
import { ImportError, openDatabase, openStore, type ImportReport, type Rejection } from './db/store.js';
import { SOURCE_FORMATS, type SourceFile, type SourceFormat, type SourceImportReport } from './import/source-importer.js';

const USAGE = `usage:
  cli ingest --db FILE --dataset NAME [--format events|annex-a|cin|ssda903] [--lenient] [--allow-empty] [--json] FILE...
      (--format applies to the files after it and may be given again: --format cin a.xml --format ssda903 h.csv e.csv)
  cli metrics --db FILE --dataset NAME --from YYYY-MM-DD --to YYYY-MM-DD
  cli serve --db FILE [--port N] [--host H] [--exact-counts]
  cli forecast --db FILE --dataset NAME [--as-of YYYY-MM-DD] [--months M] [--runs R] [--seed S] [--map ID] [--scenario FILE] [--json]
  cli forecast --care-only --db FILE --dataset NAME [--as-of YYYY-MM-DD] [--months M] [--reference YYYY-MM-DD] [--json]
  cli users add --db FILE --name NAME --role viewer|analyst|admin   (password on stdin)
  cli users token --db FILE --name NAME                            (prints a new personal API token)
  cli users remove --db FILE --name NAME
  cli users link --db FILE --name NAME --subject SUB [--issuer URL]  (single sign-on: the ID token's sub; issuer default JOURNEYS_OIDC_ISSUER)
  cli users unlink --db FILE --name NAME
  cli users list --db FILE
  cli pseudonym --db FILE ID                                       (the child's keyed pseudonym, as the audit trail names it)`;

const DATASET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Wrong arguments: the usage goes with the message, and the exit code is 2. */
class UsageError extends Error {}

interface ParsedArgs {
  values: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

/** Splits `--name value` options, `--flag` switches and positional arguments, refusing unknown ones. */
function parseArgs(args: readonly string[], valued: readonly string[], switches: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), flags: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (switches.includes(name) && inline === undefined) parsed.flags.add(name);
    else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      if (parsed.values.has(name)) throw new UsageError(`--${name} is given twice`);
      parsed.values.set(name, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return parsed;
}

function required(args: ParsedArgs, name: string): string {
  const value = args.values.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function datasetName(args: ParsedArgs): string {
  const name = required(args, 'dataset');
  if (!DATASET_NAME.test(name)) throw new UsageError(`--dataset "${name}" must be 1–64 letters, digits, _ or -`);
  return name;
}

function dayArg(args: ParsedArgs, name: string): number {
  const text = required(args, name);
  const day = parseDay(text);
  if (day === null) throw new UsageError(`--${name} "${text}" is not a date YYYY-MM-DD`);
  return day;
}

function rejectionLine(file: string, r: Rejection): string {
  return r.column === null ? `${file}:${r.line}: ${r.reason}` : `${file}:${r.line}: column ${r.column}: ${r.reason}`;
}

function printReport(report: ImportReport, file: string, json: boolean, ok: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  for (const r of report.rejected) process.stderr.write(`${rejectionLine(file, r)}\n`);
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!json && ok) {
    const rejected = report.rows - report.imported;
    process.stdout.write(
      `imported ${report.imported} of ${report.rows} rows into dataset "${report.dataset}"` +
        `${rejected > 0 ? ` (${rejected} rejected)` : ''}\n`,
    );
  }
}

const FORMATS = ['events', ...SOURCE_FORMATS] as const;
type Format = (typeof FORMATS)[number];

/** The format a file is taken to be in when no --format precedes it: by its extension. */
function defaultFormat(file: string): Format {
  if (/\.xlsx$/i.test(file)) return 'annex-a';
  if (/\.xml$/i.test(file)) return 'cin';
  return 'events';
}

/** Splits `--format F FILE...` runs from the other options. */
function splitFormats(argv: readonly string[]): { rest: string[]; files: { file: string; format: Format }[] } {
  const rest: string[] = [];
  const files: { file: string; format: Format }[] = [];
  let current: Format | null = null;
  const valued = new Set(['--db', '--dataset']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (value === undefined || value === '') throw new UsageError('--format needs a value');
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format "${value}" is not one of ${FORMATS.join(', ')}`);
      current = value as Format;
    } else if (valued.has(arg)) {
      rest.push(arg, argv[++i] ?? '');
    } else if (arg.startsWith('--')) rest.push(arg);
    else files.push({ file: arg, format: current ?? defaultFormat(arg) });
  }
  return { rest, files };
}

async function ingest(argv: readonly string[]): Promise<number> {
  const { rest, files } = splitFormats(argv);
  const args = parseArgs(rest, ['db', 'dataset'], ['lenient', 'json', 'allow-empty']);
  const dbPath = required(args, 'db');
  const name = datasetName(args);
  if (files.length === 0) throw new UsageError('ingest needs at least one file');
  const events = files.filter((f) => f.format === 'events');
  if (events.length > 0 && files.length > 1) throw new UsageError('an events CSV is imported on its own: give one file with --format events');
  for (const { file } of files) {
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      process.stderr.write(`cannot read ${file}: no such file\n`);
      return 1;
    }
  }
  const json = args.flags.has('json');
  const lenient = args.flags.has('lenient');
  const store = openStore(dbPath);
  // An import from the command line goes into the trail like one over HTTP (who: the machine's user).
  const audit = createAuditLog(store.db);
  const format = [...new Set(files.map((f) => f.format))].join('+');
  const record = (outcome: 'ok' | 'failed', report: { rows: number; imported: number } | null, extra: Record<string, unknown> = {}): void =>
    audit.record({
      actor: cliActor(),
      role: null,
      address: null,
      action: 'import',
      dataset: name,
      outcome,
      detail: { format, lenient, files: files.length, rows: report?.rows ?? null, imported: report?.imported ?? null, rejected: report ? report.rows - report.imported : null, ...extra },
    });
  try {
    if (events.length === 1) {
      const file = events[0]!.file;
      try {
        const report = await store.importEventsCsv(name, createReadStream(file, { highWaterMark: 1 << 20 }), { lenient, allowEmpty: args.flags.has('allow-empty'), fileName: basename(file) });
        record('ok', report);
        printReport(report, file, json, true);
        return 0;
      } catch (error) {
        record('failed', error instanceof ImportError ? { rows: error.report.rows, imported: 0 } : null, error instanceof ImportError ? {} : { reason: error instanceof Error ? error.name : 'error' });
        if (!(error instanceof ImportError)) throw error;
        printReport(error.report, file, json, false);
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
    }
    const sources: SourceFile[] = files.map(({ file, format }) => ({ name: basename(file), format: format as SourceFormat, input: createReadStream(file, { highWaterMark: 1 << 20 }) }));
    try {
      const maxUnpackMb = positiveFromEnv('JOURNEYS_MAX_UNPACK_MB');
      const report = await store.importSources(name, sources, { lenient, ...(maxUnpackMb === undefined ? {} : { maxUnpackedBytes: maxUnpackMb * 1024 ** 2 }) });
      record('ok', report);
      printSourceReport(report, json, true);
      return 0;
    } catch (error) {
      record('failed', error instanceof ImportError ? { rows: error.report.rows, imported: 0 } : null, error instanceof ImportError ? {} : { reason: error instanceof Error ? error.name : 'error' });
      if (!(error instanceof ImportError)) throw error;
      printSourceReport(error.report as SourceImportReport, json, false);
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
  } finally {
    store.close();
  }
}

function printSourceReport(report: SourceImportReport, json: boolean, ok: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  for (const r of report.rejected ?? []) {
    const where = r.file === undefined ? '' : `${r.file}${r.sheet ? ` › ${r.sheet}` : ''}:`;
    process.stderr.write(`${where}${r.line}: ${r.column === null ? '' : `column ${r.column}: `}${r.reason}\n`);
  }
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  if (json || !ok || report.quality === undefined) return;
  const notImported = report.rejectedRows > 0 ? ` (${report.rejectedRows} not imported: ${report.unreadable} cannot be read, ${report.notRead} not read)` : '';
  const lines = [
    `imported ${report.imported} of ${report.rows} rows${notImported} from ${report.files.length} file${report.files.length === 1 ? '' : 's'}/sheets into dataset "${report.dataset}": ${report.children} children, ${report.eventCount} events`,
  ];
  if (report.counts.periodsOfCare !== undefined) lines.push(`periods of care: ${report.counts.periodsOfCare} (${report.counts.openPeriodsOfCare} open)`);
  if (report.counts.mergedEvents !== undefined) lines.push(`events in two sources, imported once: ${report.counts.mergedEvents}`);
  lines.push(`data-quality problems: ${report.quality.total}${report.quality.comparedWithPrevious ? ` (${report.quality.newSinceLastImport} new since the previous import)` : ''}`);
  for (const g of report.quality.byCode) lines.push(`  ${g.code}: ${g.count}${g.dfeRule ? ` [${g.dfeRule}]` : ''}${g.byEvent ? ` (${g.byEvent.map((e) => `${e.event} ${e.count}`).join(', ')})` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function metrics(argv: readonly string[]): number {
  const args = parseArgs(argv, ['db', 'dataset', 'from', 'to'], []);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const dbPath = required(args, 'db');
  const name = datasetName(args);
  const from = dayArg(args, 'from');
  const to = dayArg(args, 'to');
  if (from > to) throw new UsageError('--from must not be after --to');
  if (!statSync(dbPath, { throwIfNoEntry: false })?.isFile()) {
    process.stderr.write(`no database at ${dbPath}\n`);
    return 1;
  }
  const store = openStore(dbPath);
  try {
    const dataset = store.loadDataset(name);
    if (dataset === null) {
      process.stderr.write(`no dataset "${name}" in ${dbPath}\n`);
      return 1;
    }
    const result = computeMetrics(prepareMetrics(dataset.table), { from, to });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    recordCliExport(store.db, name, 'metrics', { from: formatDay(from), to: formatDay(to) });
    return 0;
  } finally {
    store.close();
  }
}

async function serve(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['db', 'port', 'host'], ['exact-counts']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const dbPath = required(args, 'db');
  const portText = args.values.get('port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port "${portText}" is not a port number 0–65535`);
  }
  // Dynamic: the CLI's other commands work even where the server module is absent or broken.
  const { startServer } = await import('./main.js');
  // --exact-counts: a server for analysts, showing counts of 1–4 (otherwise env JOURNEYS_EXACT_COUNTS=1 decides).
  await startServer({ dbPath, port, host: args.values.get('host'), ...(args.flags.has('exact-counts') ? { exactCounts: true } : {}) });
  return 0; // the server keeps the process alive until SIGINT/SIGTERM
}

async function forecast(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['db', 'dataset', 'as-of', 'months', 'runs', 'seed', 'map', 'scenario', 'reference'], ['json', 'care-only']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const dbPath = required(args, 'db');
  if (!statSync(dbPath, { throwIfNoEntry: false })?.isFile()) {
    process.stderr.write(`no database at ${dbPath}\n`);
    return 1;
  }
  const careOnly = args.flags.has('care-only');
  for (const name of careOnly ? ['runs', 'seed', 'map', 'scenario'] : ['reference']) {
    if (args.values.has(name)) throw new UsageError(`--${name} ${careOnly ? 'is not for' : 'is only for'} --care-only (a deterministic model: no runs, seed, map or scenario)`);
  }
  // Values that are wrong whatever the data: exit 2 with the usage, as every other command's (audit a13b: 1).
  const { careOnlyCommand, forecastCommand, monthsRefusal, runsRefusal } = await import('./cli-forecast.js');
  const months = Number(args.values.get('months') ?? 24);
  const runs = Number(args.values.get('runs') ?? 1000);
  const wrong = monthsRefusal(months, args.values.get('months')) ?? runsRefusal(runs, args.values.get('runs'));
  if (wrong) throw new UsageError(wrong);
  for (const name of ['as-of', 'reference']) if (args.values.has(name)) dayArg(args, name);
  const store = openStore(dbPath);
  try {
    const text = careOnly
      ? careOnlyCommand(store, { dataset: datasetName(args), asOf: args.values.get('as-of'), months, reference: args.values.get('reference'), json: args.flags.has('json') })
      : await forecastCommand(store, {
      dataset: datasetName(args), asOf: args.values.get('as-of'), months,
      runs, seed: Number(args.values.get('seed') ?? 1), map: args.values.get('map') ?? 'front-door',
      scenarioFile: args.values.get('scenario'), json: args.flags.has('json'),
    });
    process.stdout.write(`${text}\n`);
    recordCliExport(store.db, datasetName(args), careOnly ? 'care_only_forecast' : 'forecast', careOnly ? {} : { scenario: args.values.has('scenario') });
    return 0;
  } finally {
    store.close();
  }
}

/** All of standard input as text, without its final line break (the password of `users add`). */
/** A new user's password: as piped on stdin, or typed at a terminal without echo, twice. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return readStdin();
  const password = await promptHidden('Password (12 or more characters): ', stdin, process.stderr);
  if ((await promptHidden('The same again: ', stdin, process.stderr)) !== password) throw new UsageError('the two passwords differ: no user was added');
  return password;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

type UserAuditAction = 'user_add' | 'user_token' | 'user_link' | 'user_remove';

function userAuditAction(action: string | undefined): UserAuditAction | null {
  return action === 'add' ? 'user_add' : action === 'token' ? 'user_token' : action === 'remove' ? 'user_remove' : action === 'link' || action === 'unlink' ? 'user_link' : null;
}

/**
 * A `users add|token|remove` refused for its arguments (a bad --role, no --name, an unknown option) is
 * still an attempt to change who can sign in: it goes into the trail of the database it names, when that
 * database exists (a mistyped path is not created for it). The arguments are read leniently here because
 * the strict parse is what failed.
 */
function auditRefusedArguments(action: string | undefined, rest: readonly string[], reason: string): void {
  const auditAction = userAuditAction(action);
  if (auditAction === null) return;
  const valueOf = (flag: string): string | undefined => {
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      if (arg === `--${flag}`) return rest[i + 1];
      if (arg.startsWith(`--${flag}=`)) return arg.slice(flag.length + 3);
    }
    return undefined;
  };
  const dbPath = valueOf('db');
  if (dbPath === undefined || dbPath === '' || !existsSync(dbPath)) return;
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(dbPath);
  } catch {
    return; // not a database of ours: nothing to write the record into
  }
  try {
    const user = valueOf('name');
    createAuditLog(db).record({
      actor: cliActor(),
      role: null,
      address: null,
      action: auditAction,
      outcome: 'refused',
      detail: { user: user === undefined ? null : user.slice(0, 64), reason: withoutValues(reason) },
    });
  } finally {
    db.close();
  }
}

/** A usage message fit for the trail: a stray argument or an option's value may be a password typed on the command line. */
function withoutValues(reason: string): string {
  return reason
    .replace(/^unexpected argument [\s\S]*$/, 'an unexpected argument (not recorded)')
    .replace(/(--[A-Za-z0-9-]+)=[\s\S]*$/, '$1=… (value not recorded)')
    .slice(0, 200);
}

async function users(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  let dbPath: string;
  let role: string | undefined;
  let name: string;
  let subject = '';
  let issuer = '';
  try {
    const args = parseArgs(rest, ['db', 'name', 'role', 'subject', 'issuer'], []);
    if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
    dbPath = required(args, 'db');
    if (action !== 'add' && action !== 'token' && action !== 'remove' && action !== 'list' && action !== 'link' && action !== 'unlink') {
      throw new UsageError(`users needs add, token, remove, list, link or unlink, got ${action === undefined ? 'nothing' : `"${action}"`}`);
    }
    role = args.values.get('role');
    if (action === 'add' && !isRole(role)) throw new UsageError('--role must be viewer, analyst or admin');
    name = action === 'list' ? '' : required(args, 'name');
    if (action === 'link') {
      subject = required(args, 'subject');
      issuer = args.values.get('issuer') ?? process.env.JOURNEYS_OIDC_ISSUER ?? '';
      if (issuer === '') throw new UsageError('users link needs --issuer URL (or JOURNEYS_OIDC_ISSUER): the provider the subject belongs to');
      if (subject.length > 255 || issuer.length > 2000) throw new UsageError('--subject is at most 255 characters, --issuer 2000');
    }
  } catch (error) {
    if (error instanceof UsageError) auditRefusedArguments(action, rest, error.message);
    throw error;
  }
  const password = action === 'add' ? await readPassword() : '';
  // Users need no pseudonym key: none is made or read here (the service makes it where JOURNEYS_KEY_FILE says).
  const db = openDatabase(dbPath);
  const accounts = createAccounts(db);
  const audit = createAuditLog(db);
  const actor = { actor: cliActor(), role: null, address: null };
  // Every attempt to change a user is audited, refused ones too, with the reason (never the password).
  const auditAction = userAuditAction(action);
  const refuse = (reason: string): number => {
    if (auditAction !== null) audit.record({ ...actor, action: auditAction, outcome: 'refused', detail: { user: name.slice(0, 64), ...(action === 'add' ? { userRole: role ?? null } : {}), reason } });
    process.stderr.write(`${reason}\n`);
    return 1;
  };
  try {
    switch (action) {
      case 'add': {
        const user = await accounts.add(name, role as Role, password);
        audit.record({ ...actor, action: 'user_add', outcome: 'ok', detail: { user: user.name, userRole: user.role } });
        process.stdout.write(`added ${user.role} "${user.name}"\n`);
        return 0;
      }
      case 'token': {
        const token = accounts.issueToken(name);
        audit.record({ ...actor, action: 'user_token', outcome: 'ok', detail: { user: name } });
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'remove': {
        if (!accounts.remove(name)) return refuse(`no user "${name}"`);
        const usersLeft = accounts.list().length;
        audit.record({ ...actor, action: 'user_remove', outcome: 'ok', detail: { user: name, usersLeft, ...(usersLeft === 0 ? { lastUser: true } : {}) } });
        process.stdout.write(`removed "${name}"\n`);
        if (usersLeft === 0) {
          process.stderr.write(
            'warning: that was the last user, so sign-in is off. A service configured for other hosts (HOST beyond loopback, ' +
              'JOURNEYS_HOSTNAME or JOURNEYS_TRUST_PROXY set) now refuses every request with 503 NO_USERS; one on loopback only ' +
              'serves anyone on this machine, without sign-in. Add a user with `npm run -s cli -- users add --db FILE --name NAME --role admin`.\n',
          );
        }
        return 0;
      }
      case 'link': {
        if (!accounts.linkSubject(name, issuer, subject)) return refuse(`no user "${name}"`);
        // The subject is the provider's identifier of a person: recorded as linked, not what it is.
        audit.record({ ...actor, action: 'user_link', outcome: 'ok', detail: { user: name, linked: true } });
        process.stdout.write(`linked "${name}" to its single sign-on identity\n`);
        return 0;
      }
      case 'unlink': {
        if (!accounts.unlinkSubject(name)) return refuse(`"${name}" is not linked to a single sign-on identity (or there is no such user)`);
        audit.record({ ...actor, action: 'user_link', outcome: 'ok', detail: { user: name, linked: false } });
        process.stdout.write(`unlinked "${name}"\n`);
        return 0;
      }
      case 'list':
        for (const u of accounts.list()) process.stdout.write(`${u.name}\t${u.role}\t${u.createdAt}${u.hasToken ? '\ttoken' : ''}${u.hasSubject ? '\tsso' : ''}\n`);
        return 0;
    }
  } catch (error) {
    if (error instanceof RangeError) return refuse(error.message);
    if (auditAction !== null) audit.record({ ...actor, action: auditAction, outcome: 'failed', detail: { user: name, reason: error instanceof Error ? error.name : 'error' } });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * The keyed pseudonym of a child identifier under this database's key (JOURNEYS_KEY_FILE, else beside
 * the database): what the audit trail records for a child-timeline view, so an admin can answer "who
 * opened this child's record?" without the trail holding the identifier.
 */
function pseudonym(argv: readonly string[]): number {
  const args = parseArgs(argv, ['db'], []);
  const dbPath = required(args, 'db');
  if (args.positional.length !== 1) throw new UsageError('pseudonym needs one child identifier');
  if (!statSync(dbPath, { throwIfNoEntry: false })?.isFile()) {
    process.stderr.write(`no database at ${dbPath}\n`);
    return 1;
  }
  const store = openStore(dbPath);
  try {
    process.stdout.write(`${store.pseudonymOf(args.positional[0]!)}\n`);
    recordCliExport(store.db, null, 'pseudonym');
    return 0;
  } finally {
    store.close();
  }
}

async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ingest':
        return await ingest(rest);
      case 'metrics':
        return metrics(rest);
      case 'serve':
        return await serve(rest);
      case 'forecast':
        return await forecast(rest);
      case 'users':
        return await users(rest);
      case 'pseudonym':
        return pseudonym(rest);
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
