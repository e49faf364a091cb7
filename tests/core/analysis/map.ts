import { readFileSync } from 'node:fs';
import { parseMapDefinition } from '../../../core/map-schema.js';

/** The shipped front-door map, as the views use it. */
export const frontDoor = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')), 'front-door.json');
