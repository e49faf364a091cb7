// An events CSV for the differencing attacks, written apart from the fixtures and the code under test.
/** A council of `children` written for the attack tests (not the fixtures' generator): bursts of referrals in
 * winter, a share with no recorded sex, some children never assessed, care and CP plans of any length. */
export function council(children: number, seed: number): string {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const iso = (day: number) => new Date(Date.UTC(2019, 0, 1) + day * 864e5).toISOString().slice(0, 10);
  const rows = ['child_id,event,date,outcome,sex,ethnicity'];
  for (let c = 0; c < children; c++) {
    const id = `k${seed}-${c}`;
    const sex = r() < 0.1 ? '' : r() < 0.5 ? 'F' : 'M';
    const eth = ['WBRI', 'WBRI', 'WBRI', 'AIND', 'BAFR', 'MWBC', 'OOTH'][Math.floor(r() * 7)]!;
    // more referrals in the winter months
    let day = Math.floor(r() * 1800);
    if (r() < 0.3) day = Math.floor(day / 365) * 365 + 300 + Math.floor(r() * 90);
    const referrals = r() < 0.7 ? 1 : r() < 0.7 ? 2 : 4;
    for (let k = 0; k < referrals && day < 2100; k++) {
      const row = (event: string, outcome = '') => rows.push(`${id},${event},${iso(day)},${outcome},${sex},${eth}`);
      row('contact', 'referral');
      day += Math.floor(r() * 3);
      if (r() < 0.12) {
        row('referral', 'nfa');
      } else {
        row('referral');
        row('assessment_start');
        day += 5 + Math.floor(r() * 60);
        const s47 = r() < 0.3;
        row('assessment_end', s47 ? '' : ['cin', 'nfa', 'early_help'][Math.floor(r() * 3)]!);
        if (s47) {
          row('strategy_discussion');
          row('s47_start');
          day += 3 + Math.floor(r() * 25);
          if (r() < 0.6) {
            const plan = r() < 0.75;
            row('icpc', plan ? 'cp_plan' : 'no_plan');
            if (plan) {
              row('cp_plan_start');
              day += 20 + Math.floor(r() ** 2 * 900);
              if (day < 2150) row('cp_plan_end');
            }
          }
          if (r() < 0.25) {
            row('cla_start');
            day += Math.floor(r() ** 1.5 * 1400);
            if (day < 2150 && r() < 0.85) row('cla_end', 'E11');
          }
        }
      }
      day += 30 + Math.floor(r() * 500);
    }
  }
  return `${rows.join('\n')}\n`;
}
