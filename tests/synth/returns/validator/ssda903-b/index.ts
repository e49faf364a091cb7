// SSDA903 rules, part b: every csc-validator-be-903 rule whose code is 400 or more, or starts with a
// letter, re-implemented from reading the validator (data-to-insight/csc-validator-be-903,
// lac_validator/rules/lac20XX_YY/rule_<code>.py; READ_AT below names the file and commit of each).
// Folder years map to our return years: lac2022_23 is the 2023 return and the base for every earlier
// year; a later folder's file replaces the rule from that return on (lac2023_24 → 2024, lac2024_25 →
// 2025, lac2025_26 → 2026).
//
// The catalogue below is the table of record: code, what the rule checks, the return years, status.
// A test holds RULES to it (every "ported" code has a rule for exactly those years, and no other).
import type { Rule } from '../rule.js';
import { ADOPTION_RULES } from './adoption.js';
import { CARE_LEAVER_RULES } from './care-leavers.js';
import { EPISODE_RULES } from './episodes.js';
import type { Return903 } from './frame.js';
import type { GeoOptions } from './geo.js';
import { HEADER_RULES } from './header.js';
import { HEALTH_RULES } from './health.js';
import { INTEGRITY_RULES } from './integrity.js';
import { LAST_YEAR_RULES } from './last-year.js';
import { MISSING_RULES } from './missing.js';
import { placementGeoRules } from './placement-geo.js';
import { PREV_PERM_RULES } from './prev-perm.js';
import { urnRule } from './providers.js';
import { SOCIAL_WORKER_RULES } from './social-workers.js';

export interface CatalogueEntry {
  code: string;
  /** what the rule checks, in a line */
  meaning: string;
  /** return years it applies to, as `YYYY-YYYY`, `YYYY+`, `-YYYY` or `all` (one entry per version) */
  years: string;
  status: 'ported' | 'not applicable';
  /** the validator's own word for it, where it is not an error */
  severity?: 'query';
  /** why it cannot fire on our files as they are, where that is so */
  note?: string;
  /** the validator file and commit the condition was read from */
  read: string;
}

const GEO = 'PL_LA/PL_LOCATION/PL_DISTANCE come from the national postcode list; our made-up postcodes are in none, so they are NaN, as the validator derives them';
const LAST_TABLE = (t: string) => `needs last year's ${t}, which Ssda903Return.last does not carry (header and episodes only); runs when it is given`;

type Entry = Omit<CatalogueEntry, 'read'>;
const c = (code: string, meaning: string, years = 'all', note?: string): Entry => ({ code, meaning, years, status: 'ported', ...(note ? { note } : {}) });

// lac_validator/rules/<folder>/rule_<code>.py at the commit the search index held (short hashes);
// keyed by code, or by `code years` where a later folder's file replaced it.
const Y22 = 'lac2022_23@';
const READ_AT: Record<string, string> = {
  '406': Y22 + '2157953', '407': Y22 + '5f7b993', '408': Y22 + '2157953', '411': Y22 + '2157953', '420': Y22 + '99e5bf2', '426': Y22 + '3a231f5',
  '431': Y22 + '1e17be6', '432': Y22 + 'c0808fd', '433': Y22 + '2157953', '434': Y22 + '2157953', '435': Y22 + '9ac8316', '436': Y22 + 'c0808fd',
  '437': Y22 + '2157953', '440': Y22 + '5f7b993', '441': Y22 + '2157953', '442': Y22 + '9ac8316', '444': 'lac2025_26@9c16ada', '445': Y22 + '5f7b993',
  '446': Y22 + '5f7b993', '451': Y22 + '3a231f5', '452': Y22 + '3a231f5', '453': Y22 + '25833cb', '454': 'lac2025_26@3198727', '460': Y22 + '3a231f5',
  '501': Y22 + '2157953', '502': Y22 + '2157953', '503A': Y22 + '2157953, lac2023_24@0529374, rule_utils@060cfa2',
  '503B': 'as 503A (rule_utils.field_different_from_previous@060cfa2)', '503C': 'as 503A (rule_utils@060cfa2)', '503D': Y22 + '2157953, lac2024_25@0e51bd1, lac2025_26@7b8d713, rule_utils@060cfa2',
  '503E': 'as 503A (rule_utils@060cfa2)', '503F': 'as 503A (rule_utils@060cfa2)', '503G -2023': Y22 + '1f73177 (rule_utils.compare_placement_coordinates)', '503G 2024+': 'lac2023_24@0529374',
  '503H': Y22 + '1e17be6', '503J': 'as 503H (rule_utils@060cfa2)', '504': Y22 + '8253e6a', '511': Y22 + '2157953', '514': Y22 + '99e5bf2', '516': Y22 + '3a231f5',
  '517': Y22 + '2157953', '518': Y22 + '2157953', '519': Y22 + '9ac8316', '520': Y22 + '1e17be6', '521': Y22 + '5f7b993', '522': Y22 + '8253e6a',
  '523': Y22 + '9ac8316', '524': Y22 + '2157953', '525': Y22 + '3a231f5', '526 -2025': Y22 + '1e17be6', '526 2026+': 'lac2025_26@7b8d713', '527': Y22 + '5f7b993',
  '528': Y22 + '2157953', '529': Y22 + '2157953', '530': Y22 + '1e17be6', '531': Y22 + '0a82858', '542': Y22 + '8253e6a',
  '543': Y22 + '1e17be6, utils.add_col_to_tables_CONTINUOUSLY_LOOKED_AFTER (version with collection_end)', '544': Y22 + '5f7b993', '545': Y22 + '2157953', '546': Y22 + '2157953',
  '547': Y22 + '99e5bf2', '550': Y22 + '3a231f5', '551': Y22 + '1e17be6', '552': Y22 + '5f7b993', '553': Y22 + '5f7b993', '554': Y22 + '3a231f5', '555': Y22 + '2157953',
  '556': Y22 + '2157953', '557 -2024': Y22 + '2157953', '557 2025+': 'lac2024_25@deedc67', '558': Y22 + '1b82f92', '559': Y22 + '2157953', '560': Y22 + '1e17be6',
  '561': Y22 + '1e17be6', '562': Y22 + '2157953', '563': Y22 + '3a231f5', '564': Y22 + '2157953', '565': Y22 + '3a231f5', '566': Y22 + '9ac8316', '567': Y22 + '5f7b993',
  '570': Y22 + '99e5bf2', '571': Y22 + '1e17be6', '574': Y22 + '1e17be6', '575': Y22 + '1e17be6', '576': Y22 + '0e51bd1', '577': Y22 + '2157953', '578': Y22 + '0e51bd1',
  '579': Y22 + '5f7b993', '580': Y22 + '2157953', '586': Y22 + '2157953', '601': Y22 + '0e51bd1', '602': Y22 + '8253e6a', '607 -2024': Y22 + '99e5bf2',
  '607 2025+': 'lac2024_25@07748af', '611': Y22 + '0e51bd1', '612 -2024': Y22 + '8253e6a', '612 2025+': 'lac2024_25@7bc4886', '620': Y22 + '0e51bd1', '621': Y22 + '0e51bd1',
  '624': Y22 + '99e5bf2', '625': Y22 + '01f0bae', '626': Y22 + '0e51bd1', '628': Y22 + '3a231f5', '630': Y22 + '0e51bd1', '631': Y22 + '0e51bd1',
  '632': Y22 + '0e51bd1, rule_utils.valid_date@060cfa2', '633': Y22 + '0e51bd1', '634': Y22 + '2157953', '635': Y22 + '0e51bd1', '1000': Y22 + '0e51bd1', '1001': Y22 + '0a82858',
  '1002': Y22 + '0e51bd1', '1003': Y22 + '0e51bd1', '1004': Y22 + '0e51bd1', '1005': Y22 + '0e51bd1', '1006': Y22 + '13e212a', '1007': Y22 + '955d6d8', '1008': Y22 + '8253e6a',
  '1009': Y22 + '0e51bd1', '1010': Y22 + '0e51bd1', '1011': Y22 + '5f7b993', '1012': Y22 + '2157953', '1014': Y22 + '1e17be6', '1015 -2025': Y22 + '1e17be6',
  '1015 2026+': 'lac2025_26@55dcd84', '1016': 'lac2023_24@05e0c22', '3001': Y22 + '1e17be6', EPI: Y22 + '0e51bd1', NoE: Y22 + '0e51bd1',
  INT01: Y22 + '99e5bf2', INT02: Y22 + '1e17be6', INT05: Y22 + '0e51bd1', INT09: Y22 + '2157953', INT11: Y22 + '1e17be6', INT13: Y22 + '0e51bd1',
  INT16: Y22 + '3a231f5', INT17: Y22 + '0e51bd1', INT21: Y22 + '1e17be6',
  'SW01STG1 2024': 'lac2023_24@569f938', 'SW01STG1 2025+': 'lac2024_25@99e5bf2', SW01aSTG1: 'lac2024_25@0fa8081', SW01bSTG1: 'lac2024_25@c3cb851',
  'SW02STG1 2024-2025': 'lac2023_24@569f938', 'SW02STG1 2026+': 'lac2025_26@2ced1e8', SW03STG1: 'lac2023_24@0e51bd1', 'SW04STG1 2024-2025': 'lac2023_24@3a2afa3',
  'SW04STG1 2026+': 'lac2025_26@7c5ac12', 'SW05STG1 2024-2025': 'lac2023_24@0e51bd1', 'SW05STG1 2026+': 'lac2025_26@14e438b', SW06STG2: 'lac2023_24@0e51bd1',
  'SW07STG2 2024': 'lac2023_24@02024d0', 'SW07STG2 2025+': 'lac2024_25@54918d6', SW08STG2: 'lac2023_24@0e51bd1 (its code there reads SW108STG2)',
  'SW09STG2 2024-2025': 'lac2023_24@0e51bd1', 'SW09STG2 2026+': 'lac2025_26@97cef69', 'SW10STG2 2024': 'lac2023_24@99e5bf2', 'SW10STG2 2025+': 'lac2024_25@d3d0284',
  SW10aSTG2: 'lac2025_26@1e7e1f8', SW10bSTG2: 'lac2025_26@91364be', SW11STG2: 'lac2023_24@2cfe252', SW11aSTG2: 'lac2023_24@0894fa1', SW11bSTG2: 'lac2023_24@0894fa1',
  'SW12STG2 2024': 'lac2023_24@80fb9be (another stored version, 078cb58, does not run)', 'SW12STG2 2025+': 'lac2024_25@0e51bd1', 'SW13STG1 2024': 'lac2023_24@06874c1',
  'SW13STG1 2025+': 'lac2024_25@227c45e', SW14STG2: 'lac2023_24@99e5bf2 (the version with tables=; @55e5230 sorted SW_DECOM as text)', SW15STG2: 'lac2024_25@569f938', SW16aSTG2: 'lac2024_25@12d5bd7 (its code there reads SW16cSTG2)',
  SW16bSTG2: 'lac2024_25@4915e0a', SW16cSTG2: 'lac2024_25@08f0b33', SW17STG2: 'lac2025_26@1197e6b', SW18STG2: 'lac2025_26@dcec8dc', SW19STG2: 'lac2025_26@6d3b768',
};
const SAME_AS = 'lac2022_23, same file shape as INT01/INT11 (read in search excerpts)';

const ENTRIES: Entry[] = [
  c('406', 'UASC child has a placement distance', 'all', GEO),
  c('407', 'REC E45–E48 (SGO/CAO) after the 18th birthday'),
  c('408', 'placement A5/A6 without LS E1'),
  { code: '411', meaning: 'PL_LOCATION IN but PL_LA is another LA', years: 'all', status: 'not applicable', note: 'the validator derives PL_LOCATION itself, IN exactly when PL_LA is the LA (datastore.py), so on CSV files the rule cannot fail' },
  c('420', 'PL_LA given for a V3/V4 short break', 'all', GEO),
  c('426', 'child has both V3 and V4 episodes'),
  c('431', 'RNE S but starts on or before the previous episode\'s end'),
  c('432', 'previous episode ended care (E codes) but RNE is not S'),
  c('433', 'RNE P/L/T/U/B but DECOM is not the previous DEC'),
  c('434', 'RNE L but legal status same or placement changed'),
  c('435', 'RNE P/T but legal status changed or placement unchanged'),
  c('436', 'RNE U/B but legal status or placement unchanged'),
  c('437', 'REC E2/E15 followed by another episode'),
  c('440', 'review code PN0 at age 4 or over'),
  c('441', 'review code PN1–PN7 under age 4'),
  c('442', 'UPN blank for a child with a non-V3/V4 episode'),
  c('444', 'duplicate UPN (other than UN1–UN5)', '2026+'),
  c('445', 'LS D1 for an episode after December 2005'),
  c('446', 'LS E1 for an episode before December 2005'),
  c('451', 'LS D1 episode still open'),
  c('452', 'PL_LA differs from last year\'s open episode', 'all', GEO),
  c('453', 'PL_DISTANCE differs by 0.2+ from last year\'s open episode', 'all', GEO),
  c('454', 'placement distance over 350 miles', '2026+', GEO),
  c('460', 'REC E17 before the 18th birthday'),
  c('501', 'episode starts before the previous one ends'),
  c('502', 'first episode\'s DECOM differs from last year\'s open episode'),
  c('503A', 'first episode\'s RNE differs from last year\'s open episode'),
  c('503B', 'first episode\'s LS differs from last year\'s open episode'),
  c('503C', 'first episode\'s CIN differs from last year\'s open episode'),
  c('503D', 'first episode\'s PLACE differs from last year\'s open episode (2025: K3 after H5 allowed)'),
  c('503E', 'first episode\'s PLACE_PROVIDER differs from last year\'s open episode'),
  c('503F', 'first episode\'s URN differs from last year\'s open episode'),
  c('503G', 'first episode\'s PL_DISTANCE differs from last year\'s open episode', '-2023', GEO),
  c('503G', 'as above; also when last year\'s distance is blank and this year\'s is not', '2024+', GEO),
  c('503H', 'first episode\'s PL_LA differs from last year\'s open episode', 'all', GEO),
  c('503J', 'first episode\'s PL_LOCATION differs from last year\'s open episode', 'all', GEO),
  c('504', 'CIN changes within a period of care (after an X1)'),
  c('511', 'two adopters with SEX_ADOPTR M1/F1'),
  c('514', 'single adopter (L0) with a couple\'s SEX_ADOPTR'),
  c('516', 'REC E45/E46 without a U1–U6 placement'),
  c('517', 'LS_ADOPTR L3 without SEX_ADOPTR MF'),
  c('518', 'LS_ADOPTR L4 without SEX_ADOPTR MM/FF'),
  c('519', 'LS_ADOPTR L2 without a couple\'s SEX_ADOPTR'),
  c('520', 'LS_ADOPTR L11 without SEX_ADOPTR MF'),
  c('521', 'DATE_INT after the A3–A6 placement started'),
  c('522', 'DATE_PLACED_CEASED before DATE_PLACED'),
  c('523', 'DATE_PLACED differs from AD1 DATE_INT'),
  c('524', 'LS_ADOPTR L12 without SEX_ADOPTR MM/FF'),
  c('525', 'decision to place reversed but adoption fields given'),
  c('526', 'PLACE_PROVIDER blank (except T0–T4, Z1)', '-2025'),
  c('526', 'PLACE_PROVIDER blank (except T0–T4, Z11–Z14)', '2026+'),
  c('527', 'PR1 with placement P1/R2/R5'),
  c('528', 'PR2 with placement P1/R2/R5'),
  c('529', 'PR3 with placement P1, A3–A6, K1, K2, U1–U6'),
  c('530', 'PR4 with placement P1'),
  c('531', 'PR5 with placement P1'),
  c('542', 'CONVICTED given for a child under 10 at 31 March'),
  c('543', 'CONVICTED blank for a child 10+ looked after 12 months'),
  c('544', 'convicted but a health field blank'),
  c('545', 'HEALTH_CHECK blank for a child under 5 looked after 12 months'),
  c('546', 'HEALTH_CHECK given for a child 5+ looked after 12 months'),
  c('547', 'health check done but a health field blank'),
  c('550', 'PR0 with a placement other than P1'),
  c('551', 'placed for adoption (A3–A6) without a DATE_PLACED'),
  c('552', 'latest DATE_PLACED after the first adoption placement'),
  c('553', 'LS E1 without a decision to place, or open E1 with the decision ended'),
  c('554', 'DATE_PLACED after the first E1 episode'),
  c('555', 'LS D1 without a decision to place, or open D1 with the decision ended'),
  c('556', 'DATE_PLACED after a D1 episode started'),
  c('557', 'left care (not adopted) under A3–A6/D1/E1 without the decision ended', '-2024'),
  c('557', 'left care (not adopted) under A3–A6/E1 without the decision ended', '2025+'),
  c('558', 'adopted but two decisions ceased in the same year'),
  c('559', 'DATE_PLACED before the year but not in last year\'s return', 'all', LAST_TABLE('placed_adoption')),
  c('560', 'DATE_PLACED changed since last year though the decision stood', 'all', LAST_TABLE('placed_adoption')),
  c('561', 'DATE_PLACED same as last year though last year\'s decision ended', 'all', LAST_TABLE('placed_adoption')),
  c('562', 'episode before the year whose start is not last year\'s last episode\'s'),
  c('563', 'decision ended but DATE_PLACED blank'),
  c('564', 'MISSING M/A without MIS_START'),
  c('565', 'MIS_START without MISSING'),
  c('566', 'MIS_END without MISSING'),
  c('567', 'MIS_END before MIS_START'),
  c('570', 'MIS_START after 31 March'),
  c('571', 'MIS_END outside the collection year'),
  c('574', 'missing periods overlap or follow an open one'),
  c('575', 'placement ended but the missing period inside it is open'),
  c('576', 'last year\'s open missing period not carried on', 'all', LAST_TABLE('missing')),
  c('577', 'missing period open after care ended, or outside every period of care'),
  c('578', 'MIS_START outside every period of care'),
  c('579', 'decisions to place overlap or follow an open one'),
  c('580', 'missing at 18th birthday when care ended but REC not E8'),
  c('586', 'MIS_START on or before DOB'),
  c('601', 'adopted in the year but an AD1 field blank'),
  c('602', 'AD1 given but no adoption in the year'),
  c('607', 'girl left care in the year but MOTHER blank (SEX 2)', '-2024'),
  c('607', 'girl left care in the year but MOTHER blank (SEX F)', '2025+'),
  c('611', 'MOTHER 1 but MC_DOB blank'),
  c('612', 'MC_DOB given but MOTHER 0/blank (SEX 2)', '-2024'),
  c('612', 'MC_DOB given but MOTHER 0/blank (SEX F)', '2025+'),
  c('620', 'mother under 11 at the start of the year'),
  c('621', 'MC_DOB not after DOB'),
  c('624', 'MC_DOB differs from last year\'s'),
  c('625', 'MC_DOB after 31 March or after the last DEC'),
  c('626', 'mother now, not last year, but MC_DOB before the year'),
  c('628', 'MOTHER given for a care leaver with no episodes'),
  c('630', 'started care in the year without complete previous permanence'),
  c('631', 'PREV_PERM not P1–P4/Z1'),
  c('632', 'DATE_PERM not a (ZZ) date or not before care began'),
  c('633', 'LA_PERM not an LA code'),
  c('634', 'previous permanence given but no episode started in the year'),
  c('635', 'LA_PERM/DATE_PERM given without PREV_PERM'),
  c('1000', 'care leaver data for a child who died in care'),
  c('1001', 'care leaver data but not a relevant child (91 days from 14, 1 from 16) or adopted'),
  c('1002', 'care leaver data but no episodes this year or last'),
  c('1003', 'DATE_PLACED before care began'),
  c('1004', 'MIS_START blank or not a date'),
  c('1005', 'MIS_END not a date'),
  c('1006', 'MISSING not M/A'),
  c('1007', 'care leaver data for a 17/18-year-old in care on their birthday'),
  c('1008', 'URN not on Ofsted\'s lists', 'all', 'runs only with Ofsted\'s children\'s homes and providers lists, which the validator also needs; skipped without them'),
  c('1009', 'REASON_PLACE_CHANGE not a valid code'),
  c('1010', 'care leaver data, open episode last year, none this year'),
  c('1011', 'care leaver data after a final E3 (transfer)'),
  c('1012', 'other tables hold a child with no episodes'),
  c('1014', 'UASC and care leaver data for a child not looked after in the year'),
  c('1015', 'own provision (PR1) outside the LA', '-2025', GEO + ': an unknown PL_LA counts as outside'),
  c('1015', 'as above, K3 also exempt', '2026+', GEO + ': an unknown PL_LA counts as outside'),
  c('1016', 'care leaver data for a 17/18-year-old who left care after their 17th birthday', '2024+'),
  c('3001', 'accommodation with former foster carers (Z1/Z2) at the 17th birthday'),
  { ...c('EPI', 'header child in neither episodes nor OC3'), severity: 'query' },
  c('NoE', 'episode before the year but no episodes last year'),
  c('INT01', 'AD1 child not in header'),
  c('INT02', 'PlacedAdoption child not in header'),
  c('INT03', 'Episodes child not in header'),
  c('INT04', 'Missing child not in header'),
  c('INT05', 'OC2 child not in header'),
  c('INT06', 'OC3 child not in header'),
  c('INT07', 'PrevPerm child not in header'),
  c('INT08', 'Reviews child not in header'),
  c('INT09', 'UASC child not in header'),
  c('INT11', 'AD1 DOB differs from header'),
  c('INT12', 'PlacedAdoption DOB differs from header'),
  c('INT13', 'Missing DOB differs from header'),
  c('INT14', 'OC2 DOB differs from header'),
  c('INT15', 'OC3 DOB differs from header'),
  c('INT16', 'PrevPerm DOB differs from header'),
  c('INT17', 'Reviews DOB differs from header'),
  c('INT18', 'UASC DOB differs from header'),
  c('INT21', 'UASC SEX differs from header'),
  c('SW01STG1', 'looked after on 31 March without a complete social worker episode', '2024'),
  c('SW01STG1', 'looked after on 31 March without a social worker ID and start', '2025+'),
  c('SW01aSTG1', 'SW episode before April 2023 without ID, or no start', '2025+'),
  c('SW01bSTG1', 'SW episode from April 2023 without ID/reason, or no start', '2025+'),
  c('SW02STG1', 'SW_ID not starting SW/XX', '2024-2025'),
  c('SW02STG1', 'SW_ID not starting SW/XX or shorter than 4', '2026+'),
  c('SW03STG1', 'SW_ID, SW_DECOM or SW_REASON blank', '2024+'),
  c('SW04STG1', 'SW_DECOM not a (ZZ) date', '2024-2025'),
  c('SW04STG1', 'SW_DECOM not a date', '2026+'),
  c('SW05STG1', 'SW_DEC given but not a (ZZ) date', '2024-2025'),
  c('SW05STG1', 'SW_DEC blank or not a date', '2026+'),
  c('SW06STG2', 'SW_DECOM after 31 March', '2024+'),
  c('SW07STG2', 'SW_DEC outside the year', '2024'),
  c('SW07STG2', 'SW_DEC before the year before or after 31 March', '2025+'),
  c('SW08STG2', 'earlier SW episode left open', '2024+'),
  c('SW09STG2', 'SW episode ends the day it starts', '2024-2025'),
  c('SW09STG2', 'SW episode shorter than 3 days', '2026+'),
  c('SW10STG2', 'SW episode not within 7 days of the previous end', '2024'),
  c('SW10STG2', 'as above, except first contact (FCONTA)', '2025+'),
  c('SW10aSTG2', 'SW episode (not FCONTA) not within 7 days of the previous end', '2026+'),
  c('SW10bSTG2', 'FCONTA episode starts on or before the previous end', '2026+'),
  c('SW11STG2', 'SW episode ended before 31 March without the next starting that day', '2024+'),
  c('SW11aSTG2', 'SW episode ended 5+ days before 31 March without the next within 5 days', '2024+'),
  c('SW11bSTG2', 'SW episode ended near 31 March, next has no start; and children with a single SW episode', '2024+'),
  c('SW12STG2', 'episode ended in the year without its matching SW episode', '2024'),
  c('SW12STG2', 'SW episodes not covering the start/end of care', '2025+'),
  c('SW13STG1', 'SW_REASON not valid', '2024'),
  c('SW13STG1', 'SW_REASON not valid (the first episode of the year may be blank)', '2025+'),
  c('SW14STG2', 'SW_DEC blank on an episode not the child\'s last', '2024+'),
  c('SW15STG2', 'SW_REASON blank for an episode started within the last two years', '2025+'),
  c('SW16aSTG2', 'first SW_ID differs from last year\'s open episode', '2025', LAST_TABLE('sw_episodes')),
  c('SW16bSTG2', 'first SW_DECOM differs from last year\'s open episode', '2025+', LAST_TABLE('sw_episodes')),
  c('SW16cSTG2', 'first SW_REASON differs from last year\'s open episode', '2025', LAST_TABLE('sw_episodes')),
  c('SW17STG2', 'latest SW episode closed', '2026+'),
  c('SW18STG2', 'SW_DEC not after SW_DECOM', '2026+'),
  c('SW19STG2', 'two SW episodes start the same day', '2026+'),
];

export const CATALOGUE: CatalogueEntry[] = ENTRIES.map((e) => ({ ...e, read: READ_AT[`${e.code} ${e.years}`] ?? READ_AT[e.code] ?? (e.code.startsWith('INT') ? SAME_AS : '') }));

export interface RuleOptions extends GeoOptions {
  /** URNs on Ofsted's lists (rule 1008 runs only with them) */
  providerUrns?: ReadonlySet<string>;
}

/** Every rule of this part; options give the postcode list and Ofsted URNs the validator can be given. */
export function rulesWith(options: RuleOptions = {}): Rule<Return903>[] {
  return [
    ...EPISODE_RULES, ...placementGeoRules(options), ...LAST_YEAR_RULES, ...HEADER_RULES, ...HEALTH_RULES,
    ...ADOPTION_RULES, ...MISSING_RULES, ...PREV_PERM_RULES, ...CARE_LEAVER_RULES, urnRule(options.providerUrns),
    ...INTEGRITY_RULES, ...SOCIAL_WORKER_RULES,
  ];
}

export const RULES: Rule<Return903>[] = rulesWith();
