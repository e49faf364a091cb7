// Child identifiers at rest: the database holds each as a keyed pseudonym (HMAC-SHA-256 under a key
// kept in a file outside the database), so a copy of the database alone names no child, while the
// same child gets the same pseudonym in every dataset (CIN census and SSDA903 files of one child still
// match). A dataset's real identifiers are also kept, encrypted (AES-256-GCM) under a second key, for
// the roles allowed to see them (an analyst looking up one child's timeline).
//
// The key file holds 32 random bytes (base64), made when the database is first opened by the service
// or an import (never by `cli users`), with mode 0600; both keys are
// derived from it (HKDF). Lose it and the pseudonyms can no longer be matched with new imports nor
// the identifiers read back: back it up, apart from the database.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Pseudonymiser {
  /** the pseudonym stored for a child identifier (22 characters, base64url) */
  pseudonym(id: string): string;
  /** a shorter pseudonym for text that may embed an identifier (episode ids) */
  shortPseudonym(text: string): string;
  /** encrypts text (a JSON array of a dataset's identifiers) */
  seal(plain: string): Buffer;
  /** the same, given a piece at a time (a million identifiers are sealed between other requests) */
  sealer(): Sealer;
  open(sealed: Buffer): string;
  /** names the key without revealing it: stored in the database to catch a wrong key file */
  readonly keyId: string;
  /** a number in [0, 1) for a label, from a key of its own: the disclosure policy's keyed roundings (core/disclosure/month-cells.ts) */
  draw(label: string): number;
}

/** Encrypts text given in pieces; `final()` returns what `seal` would for the pieces joined. */
export interface Sealer {
  update(piece: string): void;
  final(): Buffer;
}

const KEY_BYTES = 32;

export function createPseudonymiser(master: Buffer): Pseudonymiser {
  if (master.length !== KEY_BYTES) throw new RangeError(`the key must be ${KEY_BYTES} bytes, got ${master.length}`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, KEY_BYTES));
  const macKey = derive('journeys child pseudonym v1');
  const encKey = derive('journeys child identifiers v1');
  const keyId = createHmac('sha256', derive('journeys key id v1')).update('key id').digest('base64url').slice(0, 16);
  const mac = (text: string) => createHmac('sha256', macKey).update(text, 'utf8').digest('base64url');
  const drawKey = derive('journeys disclosure draws v1');
  // Pieces are encoded one by one: split text only where no character is cut in two (not inside a surrogate pair).
  const sealer = (): Sealer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body: Buffer[] = [];
    return {
      update: (piece) => void body.push(cipher.update(piece, 'utf8')),
      final() {
        body.push(cipher.final());
        return Buffer.concat([iv, cipher.getAuthTag(), ...body]);
      },
    };
  };
  return {
    keyId,
    draw: (label) => createHmac('sha256', drawKey).update(label, 'utf8').digest().readUIntBE(0, 6) / 2 ** 48,
    pseudonym: (id) => mac(id).slice(0, 22),
    shortPseudonym: (text) => mac(`episode\u0000${text}`).slice(0, 16),
    seal(plain) {
      const s = sealer();
      s.update(plain);
      return s.final();
    },
    sealer,
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', encKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** How a sealed text begins as stored (what a migration looks for: privacy/pseudonymise-database.ts sealStoredNames). */
export const SEALED_TEXT = 'sealed1:';

/**
 * An uploaded file's name as stored (datasets.source_file, quality_problems.file, rejections): encrypted, as
 * a careless name may hold a child's identifier, name or date of birth (audit a12g F2: "ZZQ001_Jane_Doe_
 * 2015-03-02.csv" read in clear from a copy of the database). Each call seals afresh; `sealedNames` seals a
 * name once, so the rows of one file compare equal.
 */
export function sealedText(pseudonyms: Pseudonymiser, text: string): string {
  return SEALED_TEXT + pseudonyms.seal(text).toString('base64');
}

/** The text `sealedText` sealed; a value stored before names were sealed comes back as it is. */
export function openedText(pseudonyms: Pseudonymiser, stored: string): string {
  return stored.startsWith(SEALED_TEXT) ? pseudonyms.open(Buffer.from(stored.slice(SEALED_TEXT.length), 'base64')) : stored;
}

/** Seals each distinct name once (the same stored text for every row of a file). */
export function sealedNames(pseudonyms: Pseudonymiser): (name: string) => string {
  const sealed = new Map<string, string>();
  return (name) => {
    let s = sealed.get(name);
    if (s === undefined) sealed.set(name, (s = sealedText(pseudonyms, name)));
    return s;
  };
}

/** The key file's path: env JOURNEYS_KEY_FILE, else beside the database (keyFileBeside). */
export function defaultKeyFile(dbPath: string): string {
  return process.env.JOURNEYS_KEY_FILE || keyFileBeside(dbPath);
}

/** `<database without .db>.key`: the key file's place when JOURNEYS_KEY_FILE is not set. */
export function keyFileBeside(dbPath: string): string {
  return `${dbPath.replace(/\.(db|sqlite3?)$/i, '')}.key`;
}

/**
 * A key file that group or others can read or change is refused (anyone who can read it and a copy of
 * the database can name the children; anyone who can change it can make new imports unreadable), and
 * so is one in a folder that group or others can write without the sticky bit (they could delete or
 * replace the key: a refusal rather than a warning, as a warning in a service's log is read too late),
 * and one owned by another account; unless JOURNEYS_ALLOW_OPEN_KEY=1 (a file system without modes).
 */
function refuseOpenKey(path: string): void {
  if (process.platform === 'win32' || process.env.JOURNEYS_ALLOW_OPEN_KEY === '1') return;
  const stat = statSync(path);
  const mode = stat.mode & 0o777;
  const octal = (m: number) => m.toString(8).padStart(4, '0');
  const escape = '(or set JOURNEYS_ALLOW_OPEN_KEY=1 where file modes mean nothing)';
  if ((mode & 0o077) !== 0) {
    const can = [(mode & 0o044) !== 0 ? 'read' : null, (mode & 0o022) !== 0 ? 'changed' : null, (mode & 0o011) !== 0 ? 'run' : null].filter((w) => w !== null);
    const who = (mode & 0o070) !== 0 && (mode & 0o007) !== 0 ? 'its group and other accounts' : (mode & 0o070) !== 0 ? 'its group' : 'other accounts';
    throw new Error(`the key file ${path} can be ${can.join(' and ')} by ${who} (mode ${octal(mode)}): run \`chmod 600 ${path}\` ${escape}`);
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new Error(`the key file ${path} belongs to another account (uid ${stat.uid}): it must be this account's own file ${escape}`);
  }
  // The folder of the key's real file and of every link on the way to it: whoever can replace any of
  // them can put their own key in its place.
  for (const folder of keyFolders(path)) {
    const dirMode = statSync(folder).mode;
    if ((dirMode & 0o022) !== 0 && (dirMode & 0o1000) === 0) {
      throw new Error(
        `the key file ${path} ${folder === dirname(resolve(path)) ? 'is in' : 'leads through a link to'} a folder other accounts can write (${folder}, mode ${octal(dirMode & 0o777)}): they could delete or replace the key; ` +
          `run \`chmod go-w ${folder}\` or move the key to a folder only this account can write ${escape}`,
      );
    }
  }
}

/** The folders holding `path`, each link it leads through, and the file it finally names. */
function keyFolders(path: string): string[] {
  const folders = new Set<string>();
  let current = resolve(path);
  for (let hop = 0; hop < 40; hop++) {
    folders.add(dirname(current));
    if (!lstatSync(current).isSymbolicLink()) break;
    current = resolve(dirname(current), readlinkSync(current));
  }
  folders.add(dirname(realpathSync(path)));
  return [...folders];
}

/** Reads the key file, creating it (mode 0600) when absent and `create` allows; `missing` says why it may not. */
export function loadKey(path: string, create: boolean, missing = `the key file ${path} is missing: restore it from its backup (or set JOURNEYS_KEY_FILE)`): Buffer {
  if (!existsSync(path)) {
    if (!create) throw new Error(missing);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  refuseOpenKey(path);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`the key file ${path} does not hold a ${KEY_BYTES}-byte key`);
  return key;
}
