// Route schemas are zod schemas (core/api-schemas.ts). This is the glue Fastify needs for that: a
// validator compiler that runs zod once per request part, and a type provider so handlers see the
// parsed types. (The community fastify-type-provider-zod does the same; it is not a dependency here.)
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { ValidationError } from './errors.js';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const PART_NAMES: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = PART_NAMES[httpPart ?? ''] ?? httpPart ?? 'request';
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new ValidationError(part, result.error.issues) };
  };
};

/**
 * A zod schema as the JSON Schema Fastify's response serializer compiles (fast-json-stringify):
 * serialisation is faster and only the declared fields are ever sent.
 */
export function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as Record<string, unknown>;
  return json;
}
