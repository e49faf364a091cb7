// Run by validation.test.ts in a child process (so a loop can be killed): one run whose demand lever
// gives the value named on the command line; prints how it ended.
import { dayFromCivil } from '../../../core/dates.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { forecastGrid, NO_LEVERS, simulateRun } from '../../../core/forecast/simulate.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { readFileSync } from 'node:fs';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const asOf = dayFromCivil(2023, 12, 31);
const model = fitForecast(trendLog({ seed: 3, perDay: 2, to: asOf }).table, map, asOf);
const value = Number(process.argv[2]);
try {
  simulateRun(model, forecastGrid(asOf, 3), 1, 0, { ...NO_LEVERS, demand: () => value });
  console.log('returned');
} catch (error) {
  console.log(`threw: ${(error as Error).message}`);
}
