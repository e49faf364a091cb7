// /api/datasets/:name/markers: dated events on the timeline (an inspection, a threshold change) that
// the views compare before and after. Stored per dataset; replacing the dataset empties them.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DatasetParamsSchema, MarkerBodySchema, MarkerParamsSchema, MarkerSchema, type Marker, type MarkerKind } from '../../core/api-schemas.js';
import { formatDay } from '../../core/dates.js';
import type { Store } from '../db/store.js';
import { NotFoundError } from '../errors.js';
import { responseSchema, type ZodTypeProvider } from '../zod-provider.js';

export interface MarkersRoutesOptions {
  store: Store;
}

const listResponse = { 200: responseSchema(z.array(MarkerSchema)) };
const createdResponse = { 201: responseSchema(MarkerSchema) };

interface MarkerRow {
  id: number;
  day: number;
  label: string;
  kind: MarkerKind;
}

export const markersRoutes: FastifyPluginAsync<MarkersRoutesOptions> = async (parent, { store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const selectAll = store.db.prepare<[number], MarkerRow>('SELECT id, day, label, kind FROM markers WHERE dataset_id = ? ORDER BY day, id');
  const insert = store.db.prepare<[number, number, string, string]>('INSERT INTO markers (dataset_id, day, label, kind) VALUES (?, ?, ?, ?)');
  const remove = store.db.prepare<[number, number]>('DELETE FROM markers WHERE id = ? AND dataset_id = ?');

  function datasetIdOf(name: string): number {
    const id = store.datasetId(name);
    if (id === null) throw new NotFoundError(`dataset "${name}"`);
    return id;
  }

  app.get('/api/datasets/:name/markers', { schema: { params: DatasetParamsSchema, response: listResponse } }, async (request): Promise<Marker[]> =>
    selectAll.all(datasetIdOf(request.params.name)).map(toMarker),
  );

  app.post(
    '/api/datasets/:name/markers',
    { schema: { params: DatasetParamsSchema, body: MarkerBodySchema, response: createdResponse } },
    async (request, reply) => {
      const datasetId = datasetIdOf(request.params.name);
      const { date, label, kind } = request.body;
      const { lastInsertRowid } = insert.run(datasetId, date, label, kind);
      return reply.status(201).send(toMarker({ id: Number(lastInsertRowid), day: date, label, kind }));
    },
  );

  app.delete('/api/datasets/:name/markers/:id', { schema: { params: MarkerParamsSchema } }, async (request, reply) => {
    const { name, id } = request.params;
    if (remove.run(id, datasetIdOf(name)).changes === 0) throw new NotFoundError(`marker ${id} of dataset "${name}"`);
    return reply.status(204).send();
  });
};

function toMarker(row: MarkerRow): Marker {
  return { id: row.id, date: formatDay(row.day), label: row.label, kind: row.kind };
}
