// The 903 rules numbered 100–399 (part a), re-implemented from data-to-insight/csc-validator-be-903's rule
// files: lac_validator/rules/lac2022_23/rule_<code>.py (the base, used for every year up to 2022-23) and
// the later folders lac2023_24/, lac2024_25/, lac2025_26/, whose files replace a rule from that year on
// (lac_validator/ruleset.py and each folder's __init__.py; no rule of this range is deleted by a later year).
// Years below are collection years: 2024 = 1 April 2023 to 31 March 2024. The 903 validator marks no rule
// as a query or warning: every rule here is an error.
//
// How the validator reads a CSV upload, which the ports follow (lac_validator/ingress.py, datastore.py):
// a blank cell is missing; every text is upper-cased; Header gains UASC = 1 for a child in the UASC table;
// PL_LA / PL_LOCATION / PL_DISTANCE come from looking HOME_POST and PL_POST up in the national postcode list
// (our postcodes are of areas that do not exist, so nothing is found: NO_POSTCODE_IS_LISTED); the URN rules
// need Ofsted's provider lists, which a council may upload (none here: they return nothing, as the validator
// does). Rules that read last year's UASC or OC3 table use `last.uasc` / `last.oc3` when the return has them.
//
// Files read (repository data-to-insight/csc-validator-be-903; the stored version read_file returned, by commit):
//   lac2022_23 — 2157953: 102 142 165 166 171 177 184 187 188 191 196 197a 197B 198 204 210 221 224 352 354 355
//     358 361 367 371 373 384 389 392A · 1e17be6: 103 113 116 131 144 149 168 169 174 185 190 193 207 208 213 214
//     227 228 229 301 303 334 357 362 390 398 399 · 3a231f5: 104 105 117 143 151 182 203 205D 222 225 331 333 359
//     372 374 375 376 391 392B 393 · 5f7b993: 101 132 141 180 192 226 335 344 351 353 364 377 378 380 381 383 385
//     392c · 99e5bf2: 115 119 120 179 199 215 218 302 345 370 · 8253e6a: 118 134 145 158 164 205A 209 304 365 366
//     382 386 388 · 9ac8316: 114 133 146 147 189 217 356 363 387 · ad7b36b: 112 148 153 159 175 176 181 ·
//     0a82858: 157 202 · 0ff1e38: 167 178 · 4852d0f: 205B 205C · 8c0fec0: 219 · 2e4a832: 336 · c0808fd: 379 ·
//     186: the version whose test reads "Pass/Fail/Ignore" and uses isna().all (stored without a commit; the
//     versions at 2157953 and 9ac8316 use isna().any, which would fail every score given without a reason, the
//     very thing 197a forbids).
//   lac2023_24 — 174 d2b42be, 217t 0e51bd1, 218 54489a4, 221 0e51bd1, 222 1f73177, 230 1245b9b, 347 0e51bd1,
//     370 0e51bd1, 371 0e51bd1. lac2024_25 — 101 6825c3f, 103 04d324d (same list), 146 18e3db7, 174 0e51bd1,
//     218 0e51bd1, 221 0767fae, 222 766ae56, 231 93e7b7f, 232 58c821d, 371 0e51bd1, 393 8596277.
//     lac2025_26 — 146 3198727, 178 2ee9e44, 213 0ac22f5, 218 555d828, 226 3198727, 229 3b45437, 233 3198727,
//     234 08a6f28, 241 8005d67, 242 fdf01b9, 243 1e740f4, 348 840b6c4, 383 8c643c9.
//   Shared code — utils.py CONTINUOUSLY_LOOKED_AFTER (the version taking collection_end), rules/rule_utils.py
//     060cfa2, ingress.py 114a394, datastore.py 1212b3c, ruleset.py 0edd7d3, year __init__.py 40b0294 /
//     058fca8 / 1197e6b; the code list in validator903/config.py b836e1e.
//
// | code | what fails | years | status |
// |------|------------|-------|--------|
// | 101 | SEX not 1/2 (to 2024), not M/F/U (2025 on) | all | ported |
// | 102 | DOB not a date | all | ported |
// | 103 | ETHNIC not a valid code | all | ported |
// | 104 | DUC not a date or before 1 April | all | ported |
// | 105 | Header UASC not 0/1 | all | not applicable: the validator runs it only on XML uploads (returns {} for CSV) |
// | 112 | DATE_INT not a date | all | ported |
// | 113 | DATE_MATCH not a date | all | ported |
// | 114 | FOSTER_CARE not 0/1 | all | ported |
// | 115 | DATE_PLACED not a date | all | ported |
// | 116 | DATE_PLACED_CEASED not a date | all | ported |
// | 117 | placed-for-adoption dates after 31 March or after the latest episode's end | all | ported |
// | 118 | DATE_PLACED_CEASED before 1 April or before the first episode | all | ported |
// | 119 | DATE_PLACED_CEASED and REASON_PLACED_CEASED not both given or both blank | all | ported |
// | 120 | REASON_PLACED_CEASED not RD1–RD4 | all | ported |
// | 131 | IN_TOUCH not a valid code | all | ported |
// | 132 | ACTIV not a valid code | all | ported |
// | 133 | ACCOM not a valid code | all | ported |
// | 134 | AD1 data for a child in OC3 | all | ported |
// | 141 | DECOM not a date | all | ported |
// | 142 | an episode before the latest has no DEC or REC | all | ported |
// | 143 | RNE not a valid code | all | ported |
// | 144 | LS not a valid code | all | ported |
// | 145 | CIN not N1–N8 | all | ported |
// | 146 | PLACE not a valid code (lists for ≤2024, 2025 — whose K3 is written k3 —, 2026) | all | ported |
// | 147 | DEC not a date | all | ported |
// | 148 | DEC and REC not both given or both blank | all | ported |
// | 149 | REC not a valid code | all | ported |
// | 151 | AD1 items partly given | all | ported |
// | 153 | OC3 items partly given | all | ported |
// | 157 | SDQ1 reason for a child of 4–16 looked after all year | all | ported |
// | 158 | INTERVENTION_OFFERED given when received is 1 | all | ported |
// | 159 | INTERVENTION_OFFERED blank when misuse 1 and received 0 | all | ported |
// | 164 | placement distance outside 0–999.9 for a child never UASC | all | ported |
// | 165 | MOTHER invalid, given for a boy, or missing for a girl in care | all | ported |
// | 166 | REVIEW not a date | all | ported |
// | 167 | REVIEW_CODE not PN0–PN7 | all | ported |
// | 168 | UPN not a UPN or UN1–UN5 | all | ported |
// | 169 | PL_LA unknown (postcode not in the national list), LS not V3/V4 | all | ported |
// | 171 | MC_DOB not a date | all | ported |
// | 174 | MC_DOB for a boy (SEX 1; the 2023-24 file tests F; M from 2025) | all | ported |
// | 175 | NB_ADOPTR not 1/2 | all | ported |
// | 176 | SEX_ADOPTR not a valid code | all | ported |
// | 177 | LS_ADOPTR not a valid code | all | ported |
// | 178 | PLACE_PROVIDER invalid or given for a placement with no provider | all | ported |
// | 179 | PL_LOCATION unknown (postcode not in the national list), LS not V3/V4 | all | ported |
// | 180 | SDQ_SCORE not 0–40 | all | ported |
// | 181 | OC2 flags not 0/1 | all | ported |
// | 182 | OC2 health items partly given | all | ported |
// | 184 | DATE_PLACED before DOB | all | ported |
// | 185 | SDQ score for a child not looked after all year | all | ported |
// | 186 | neither SDQ score nor reason for a child of 4–16 looked after all year | all | ported |
// | 187 | AD1 or OC3 data for a child looked after all year | all | ported |
// | 188 | SDQ score or reason for a child under 4 | all | ported |
// | 189 | SDQ score or reason for a child 17 or over on 1 April | all | ported |
// | 190 | OC2 items for a child not looked after all year | all | ported |
// | 191 | OC2 health items missing (or no OC2 row) for a child looked after all year | all | ported |
// | 192 | misuse 1 but INTERVENTION_RECEIVED blank | all | ported |
// | 193 | intervention items given without misuse | all | ported |
// | 196 | SDQ_REASON not SDQ1–SDQ5 | all | ported |
// | 197a | both SDQ score and reason | all | ported |
// | 197B | neither SDQ score nor reason at 4 or 17 for a child looked after all year | all | ported |
// | 198 | SDQ reason for a child not looked after all year | all | ported |
// | 199 | an episode after an adoption (this year's and last year's episodes) | all | ported |
// | 202 | SEX differs from last year's | all | ported |
// | 203 | DOB differs from last year's | all | ported |
// | 204 | ETHNIC differs from last year's | all | ported |
// | 205A | UASC last year, not this year, DUCs disagree (needs last year's UASC) | all | ported |
// | 205B | UASC both years, DUCs disagree (needs last year's UASC) | all | ported |
// | 205C | never UASC but a DUC given (needs last year's UASC) | all | ported |
// | 205D | UASC this year, not last (needs last year's UASC) | all | ported |
// | 207 | MOTHER changed from 1 | all | ported |
// | 208 | UPN changed (other than unknown → known or UN1 → UN2–5) | all | ported |
// | 209 | UN1 for a child of school age | all | ported |
// | 210 | UN4 with an episode from 24 March | all | ported |
// | 213 | PLACE_PROVIDER for temporary placements (T0–T4; Z11–Z14 from 2026) | all | ported |
// | 214 | PL_POST or URN for V3/V4 | all | ported |
// | 215 | OC2 items for a care leaver with OC3 data | all | ported |
// | 217 | A3/A5 from April 2015 with RNE not S/T/U | all | ported |
// | 217t | P2 placement open after 28 October 2023 | 2024 on | ported |
// | 218 | URN missing (exempt lists per year; unknown PL_LA reads "NAN", i.e. outside England, to 2025) | all | ported |
// | 219 | URN's placement codes do not include PLACE (needs Ofsted lists) | all | ported |
// | 221 | URN's postcode is not PL_POST (needs Ofsted lists; H5 in 2024 only) | all | ported |
// | 222 | URN given for placements that have none (lists per year) | all | ported |
// | 224 | URN's provider codes do not include PLACE_PROVIDER (needs Ofsted lists) | all | ported |
// | 225 | X1 followed by a placement change with no reason on the ending episode | all | ported |
// | 226 | reason for change on a temporary placement or the episode before it | all | ported |
// | 227 | episode started after the URN's deregistration (needs Ofsted lists) | all | ported |
// | 228 | episode ended after the URN's deregistration (needs Ofsted lists) | all | ported |
// | 229 | PR1/PR2 disagree with the provider's LA (needs Ofsted lists; exemptions from 2026) | all | ported |
// | 230 | English H5 from 29 October 2023 with no URN | 2024 on | ported |
// | 231 | UASC under 11 | 2025 on | not applicable: reads Header.UASC_STATUS, which no CSV table has (the validator's run raises and reports nothing) |
// | 232 | SEX is U | 2025 on | ported |
// | 233 | reason for change on an open episode | 2026 on | not applicable: reads Episodes.DATE_EPISODE_CEASED, which the CSV files do not have (they have DEC) |
// | 234 | CUSTOD change under 10 | 2026 on | not applicable: reads Episodes.DOB, which the CSV episodes table does not have |
// | 241 | K3 with a URN placed outside the LA | 2026 on | ported |
// | 242 | URN XXXXXXX for placements other than adoption/foster | 2026 on | ported |
// | 243 | URN for a placement outside England | 2026 on | ported |
// | 301 | DOB after 31 March | all | ported |
// | 302 | first episode before DOB | all | ported |
// | 303 | DUC given but Header.UASC not 1 | all | not applicable: for CSV the validator sets Header.UASC to 1 for every child in the UASC table, so a DUC (which lives there) can never meet a UASC of 0 |
// | 304 | DUC after the 18th birthday | all | ported |
// | 331 | DATE_MATCH after the adoption episode's start | all | ported |
// | 333 | DATE_INT missing or after DATE_MATCH | all | ported |
// | 334 | DATE_INT before the latest RNE S episode | all | ported |
// | 335 | FOSTER_CARE disagrees with the adoption placement | all | ported |
// | 336 | A3/A4 not after a foster or adoption placement | all | ported |
// | 344 | DIED/RHOM with ACTIV or ACCOM not 0 | all | ported |
// | 345 | in touch but ACTIV or ACCOM 0 | all | ported |
// | 347 | ACCOM T under 18 | 2024 on | ported |
// | 348 | in touch after DIED last year (needs last year's OC3) | 2026 on | ported |
// | 351 | over 21 on 1 April | all | ported |
// | 352 | care started at 18 or over | all | ported |
// | 353 | DECOM before 14 October 1991 | all | ported |
// | 354 | DECOM after 31 March | all | ported |
// | 355 | DECOM equals DEC (as text) | all | ported |
// | 356 | DEC before DECOM | all | ported |
// | 357 | first episode from 1 April with RNE not S | all | ported |
// | 358 | J1–J3 under 10 | all | ported |
// | 359 | open episode after 18 not V2/K2 | all | ported |
// | 361 | L1 run over 3 days | all | ported |
// | 362 | L2 run over 21 days | all | ported |
// | 363 | L3 period over 7 days | all | ported |
// | 364 | J2 period over 21 days | all | ported |
// | 365 | V3 episode over 17 days | all | ported |
// | 366 | V3 with RNE not S | all | ported |
// | 367 | V3 over 75 days in the year | all | ported |
// | 370 | P2 under 15 (16 from 2024) | all | ported |
// | 371 | H5 under 14 (H5 under 16 in 2024; K3 under 16 from 2025) | all | ported |
// | 372 | R5 under 10 | all | ported |
// | 373 | S1 under 4 | all | ported |
// | 374 | P3 under 14 | all | ported |
// | 375 | T1 over 42 days | all | ported |
// | 376 | T3 over 21 days | all | ported |
// | 377 | more than two T3 placements | all | ported |
// | 378 | P1 with V2 | all | ported |
// | 379 | T4 over 7 days | all | ported |
// | 380 | temporary placement with RNE not P/B | all | ported |
// | 381 | temporary placement ending care | all | ported |
// | 382 | V3/V4 in a temporary placement | all | ported |
// | 383 | after a temporary placement not back to the placement before (2026: and its postcode) | all | ported |
// | 384 | V3/V4 in U1/U4 | all | ported |
// | 385 | DEC after 31 March | all | ported |
// | 386 | adopted at 18 or over | all | ported |
// | 387 | E5/E6 under 14 | all | ported |
// | 388 | X1 without a continuation the same day, or a continuation without X1 | all | ported |
// | 389 | E7 under 16 | all | ported |
// | 390 | adopted from a placement not A3–A6 | all | ported |
// | 391 | OC3 data for a young person under 17 at 31 March | all | ported |
// | 392A | no placement distance (postcode not in the national list), child never UASC, not V3/V4 | all | ported |
// | 392B | HOME_POST or PL_POST blank, child never UASC, not V3/V4 | all | ported |
// | 392c | postcode not in the national list (excepted by issue 14) | all | ported |
// | 393 | girl in care (SEX 2; F from 2025) with MOTHER blank | all | ported |
// | 398 | postcodes given for V3/V4 | all | ported |
// | 399 | MOTHER or review data for a child only ever V3/V4 | all | ported |
import type { Rule } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';
import { NO_POSTCODE_IS_LISTED, type PostcodeList, rules100 } from './rules-100.js';
import { type ProviderList, rules200 } from './rules-200.js';
import { rules300 } from './rules-300.js';

export { NO_POSTCODE_IS_LISTED, type PostcodeList, type PostcodeFacts } from './rules-100.js';
export { type Provider, type ProviderList } from './rules-200.js';

/** Every part-a rule, given the postcode list and Ofsted's provider lists the validator would look things up in. */
export function rulesA(postcodes: PostcodeList, providers: ProviderList): Rule<Ssda903Return>[] {
  return [...rules100(postcodes), ...rules200(postcodes, providers), ...rules300(postcodes)];
}

/** As our generated returns meet the validator: no postcode is listed, no provider list was uploaded. */
export const RULES: Rule<Ssda903Return>[] = rulesA(NO_POSTCODE_IS_LISTED, null);

/** Codes in this range that are not ported, and why (kept here so a test can say the list is whole). */
export const NOT_APPLICABLE: Record<string, string> = {
  '105': 'runs only on XML uploads',
  '231': 'reads Header.UASC_STATUS, which no CSV table has',
  '233': 'reads Episodes.DATE_EPISODE_CEASED, which the CSV files do not have',
  '234': 'reads Episodes.DOB, which the CSV episodes table does not have',
  '303': 'Header.UASC is 1 for every child in the UASC table on CSV uploads, so it cannot fire',
};
