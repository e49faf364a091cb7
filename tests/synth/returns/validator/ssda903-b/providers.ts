// Rule 1008: an Ofsted URN must be one Ofsted lists. The validator checks it only when the council
// loads Ofsted's children's homes and social care providers lists with the return, and skips it
// otherwise; so does this port unless it is given the list's URNs.
import { rule, v } from './frame.js';

export function urnRule(providerUrns?: ReadonlySet<string>) {
  return rule('1008', 'Ofsted Unique Reference Number (URN) is not valid.', (d, fail) => {
    if (!providerUrns) return;
    d.tables.episodes.forEach((e, i) => {
      const urn = v(e, 'URN');
      if (urn !== null && urn !== 'XXXXXXX' && !providerUrns.has(urn)) fail('episodes', i);
    });
  });
}
