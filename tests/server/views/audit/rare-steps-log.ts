// An auditor's own generator: a small council with rare steps (written apart from the repo's generators).
export interface GenOptions { children: number; first: string; last: string; seed: number }

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}
const DAY = 86400000;
const toDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

export function generate(o: GenOptions): string {
  const r = rng(o.seed);
  const first = toDay(o.first);
  const last = toDay(o.last);
  const span = last - first + 1;
  const rows: string[] = ['child_id,event,date,outcome,sex,dob'];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  for (let c = 0; c < o.children; c++) {
    const id = `A${(c * 7919 + 13) % 100000}`;
    const sex = r() < 0.5 ? 'M' : 'F';
    const dob = iso(first - int(200, 6000));
    const ev: Array<[string, number, string]> = [];
    let d = first + int(0, span - 1);
    const episodes = r() < 0.25 ? 2 : 1;
    for (let e = 0; e < episodes && d <= last; e++) {
      const referred = r() < 0.7;
      ev.push(['contact', d, referred ? 'referral' : r() < 0.5 ? 'advice' : 'nfa']);
      if (referred) {
        const ref = d + int(0, 2);
        const nfa = r() < 0.25;
        ev.push(['referral', ref, nfa ? 'nfa' : '']);
        if (!nfa) {
          const as = ref + int(0, 6);
          ev.push(['assessment_start', as, '']);
          ev.push(['assessment_end', as + int(5, 70), r() < 0.6 ? 'cin' : 'nfa']);
          if (r() < 0.12) {
            const sd = ref + int(1, 12);
            ev.push(['strategy_discussion', sd, '']);
            ev.push(['s47_start', sd + int(0, 2), '']);
            const icpc = r() < 0.45;
            const s47e = sd + int(5, 30);
            ev.push(['s47_end', s47e, icpc ? 'icpc' : r() < 0.5 ? 'cin' : 'nfa']);
            if (icpc) {
              const ic = s47e + int(1, 15);
              const plan = r() < 0.75;
              ev.push(['icpc', ic, plan ? 'cp_plan' : 'no_plan']);
              if (plan) {
                ev.push(['cp_plan_start', ic, '']);
                ev.push(['cp_plan_end', ic + int(60, 700), '']);
              }
            }
          }
          if (r() < 0.05) {
            const cs = ref + int(3, 200);
            ev.push(['cla_start', cs, '']);
            if (r() < 0.6) ev.push(['cla_end', cs + int(10, 600), r() < 0.5 ? 'E11' : 'E4A']);
          }
        }
      }
      d += int(60, 500);
    }
    for (const [event, day, outcome] of ev) if (day <= last) rows.push(`${id},${event},${iso(day)},${outcome},${sex},${dob}`);
  }
  return rows.join('\n') + '\n';
}
