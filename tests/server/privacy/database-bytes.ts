// What a copy of the database holds: the file with its write-ahead log and shared-memory index, whose bytes
// the at-rest tests search for identifiers and file names.
import { existsSync, readFileSync } from 'node:fs';

export function databaseBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((p) => readFileSync(p)));
}
