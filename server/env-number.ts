// Limits configured through the environment (JOURNEYS_MAX_UPLOAD_MB, JOURNEYS_MAX_UNPACK_MB,
// JOURNEYS_MAX_LOADED_MB, JOURNEYS_MAX_IMPORT_MB in megabytes, JOURNEYS_MAX_UPLOAD_MINUTES in minutes, JOURNEYS_MAX_CHILDREN,
// JOURNEYS_IMPORT_THREADS a whole number of threads), read the same way by the server
// and the CLI.

/** A positive number from the environment variable `name`, if set; `unit` names it in the error. */
export function positiveFromEnv(name: string, unit: 'megabytes' | 'minutes' | 'children' | 'threads' = 'megabytes'): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(value > 0) || (unit === 'threads' && !Number.isInteger(value))) throw new Error(`${name} must be a positive ${unit === 'threads' ? 'whole ' : ''}number of ${unit}, got "${text}"`);
  return value;
}
