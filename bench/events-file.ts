// A seeded events CSV of plausible front-door journeys, for the benchmarks (bench/ingest.ts,
// bench/limits.ts): same seed, same file.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { dayFromCivil, formatDay } from '../core/dates.js';
import { ETHNICITY_CODES, SOURCE_CODES } from '../core/events.js';
import { seededRandom as random } from '../core/random.js';

const FIRST_DAY = dayFromCivil(2019, 4, 1);
const LAST_DAY = dayFromCivil(2024, 3, 31);
/** Journeys stop here: later dates would be in the future, which the importer rejects. */
const END_DAY = dayFromCivil(2025, 9, 30);
const HEADER = 'child_id,event,date,outcome,source,dob,sex,ethnicity,disability,team\n';

/** Writes `events` events of plausible front-door journeys; returns the number of children. */
export async function writeEventsCsv(path: string, events: number, seed: number): Promise<number> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const between = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const out = createWriteStream(path);
  let chunk = HEADER;
  let written = 0;
  let children = 0;
  while (written < events) {
    const id = `C${(++children).toString().padStart(7, '0')}`;
    let day = between(FIRST_DAY, LAST_DAY);
    const attrs = `,${formatDay(day - between(0, 17 * 365))},${pick(['M', 'F', 'F', 'M', 'U'])},${pick(ETHNICITY_CODES)},${rnd() < 0.1 ? 'Y' : 'N'},`;
    let first = true;
    const emit = (event: string, outcome = '', source = ''): void => {
      if (written >= events || day > END_DAY) return;
      chunk += `${id},${event},${formatDay(day)},${outcome},${source}${first ? attrs : ',,,,,'}Team ${1 + (children % 7)}\n`;
      first = false;
      written++;
    };
    const episodes = rnd() < 0.7 ? 1 : between(2, 4);
    for (let e = 0; e < episodes && day < LAST_DAY + 365; e++) {
      const toReferral = rnd() < 0.6;
      emit('contact', toReferral ? 'referral' : pick(['nfa', 'advice', 'early_help']), pick(SOURCE_CODES));
      if (toReferral) {
        day += between(0, 2);
        const nfa = rnd() < 0.1;
        emit('referral', nfa ? 'nfa' : '', pick(SOURCE_CODES));
        if (!nfa) {
          day += between(0, 5);
          emit('assessment_start');
          if (rnd() < 0.2) {
            emit('strategy_discussion');
            day += between(0, 2);
            emit('s47_start');
            day += between(5, 20);
            const icpc = rnd() < 0.4;
            emit('s47_end', icpc ? 'icpc' : pick(['cin', 'nfa']));
            if (icpc) {
              day += between(5, 15);
              const plan = rnd() < 0.8;
              emit('icpc', plan ? 'cp_plan' : 'no_plan');
              if (plan) {
                emit('cp_plan_start');
                day += between(60, 600);
                emit('cp_plan_end');
              }
            }
          }
          day += between(5, 60);
          const outcome = pick(['cin', 'nfa', 'nfa', 'early_help']);
          emit('assessment_end', outcome);
          if (outcome === 'cin') {
            emit('cin_plan_start');
            if (rnd() < 0.1) {
              emit('cla_start');
              day += between(30, 700);
              emit('cla_end', pick(['E4A', 'E11', 'E13']));
            }
            day += between(60, 400);
            emit('cin_plan_end');
          }
        }
        day += between(0, 10);
        emit('case_closed', pick(['RC1', 'RC2', 'RC8']));
      }
      day += between(100, 1100);
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return children;
}

