// The built-in model: the national front door of national-process.ts (calibrated to the figures of
// shared/data/calibration-england.md), fitted once by build-default-model.ts into default-model.json.
// It is a model like any council's, so the demo and `synth generate --model default` go through the
// same generator, grammar and all.
import { readFileSync } from 'node:fs';
import { parseModel, type Model } from './model.js';

export const DEFAULT_MODEL: Model = parseModel(JSON.parse(readFileSync(new URL('./default-model.json', import.meta.url), 'utf8')), 'built-in model synth/default-model.json');
