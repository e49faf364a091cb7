// zod, configured once for every importer of core's schemas: jitless, so that building a schema never
// probes `Function('')`, which the pages' Content-Security-Policy (no eval) reports as a violation.
// Validation gives the same answers either way; only zod's code-generated fast path is off.
import { z } from 'zod';

z.config({ jitless: true });

export { z };

/**
 * An object that refuses keys it does not know, naming them and the keys it takes: a misspelt `multipler`
 * beside `capDays`, or a query's `?frm=` for `from`, would otherwise be dropped without a word and the
 * default answered in its place.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape).length > 0 ? `fields: ${Object.keys(shape).join(', ')}` : 'none is taken';
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (${allowed})` : undefined),
  });
}
