// The CIN census rules of data-to-insight/csc-validator-be-cin, re-implemented (see ../rule.ts): every
// rule of every year folder, each file read at the last commit that touched it (cin2022_23 mostly at
// 6783594 and 5e9285c, the Q files at 28d4061, 7d27723 and others; cin2023_24 at ca0712c; cin2024_25 at
// 419bf83, 4cce290, 728e335, ddc28bd, d97f7cd, 908c276, 7d8bc86; cin2026_27 at b6753e7, e880364, 6705a56,
// 2928f47, 4f8cc48, 7893b9d, 652d529, 1374251; ingress.py at f49c691, utils.py at 9a51184,
// ruleset_utils.py at c07c40c).
//
// Years: the validator runs ruleset cin{Y-1}_{Y} on collection year Y, and a later folder's file
// replaces the rule of the same code from that year on. It has no ruleset for 2022; the 2022-23 rules
// are applied to it here. "error" or "query" is the validator's RuleType (codes ending Q are queries).
// Where the validator's code cannot do what the rule states (it raises, or compares a list with text,
// or tests the reverse), the port checks what the rule states and says so at the rule: never weaker.
//
// | code | meaning | years | severity | status |
// |---|---|---|---|---|
// | 100 | ReferenceDate present and 31 March of the header's Year | all | error | ported |
// | 1103 | assessment start not before the episode's referral | all | error | ported |
// | 1104 | S47 conference not before the episode's referral | all | error | ported |
// | 1105 | CP plan start not before the episode's referral | all | error | ported |
// | 1510 | UPN check letter right | all | error | ported |
// | 1520 | UPN unique in the return | all | error | ported |
// | 1530 | UPN characters 2-4 a known LA code (942, 943 from 2024) | 2022-23, 2024- | error | ported |
// | 1540 | UPN characters 5-12 numeric | all | error | ported |
// | 1550 | UPN character 13 a digit or letter other than I, O, S | all | error | ported |
// | 1560Q | former UPN shaped as a UPN | all | query | ported |
// | 1570 | LAchildID at most 20 characters | 2025- | error | ported |
// | 1580 | LAchildID letters and digits only | 2025- | error | ported |
// | 2883 | no more CP plans starting in the year than conferences in it (return level) | all | error | ported |
// | 2884 | a conference date not in both S47 and CINdetails (joined on the child only) | all | error | ported |
// | 2885 | CP plan starts on the day of its episode's S47 (or, without S47, CINdetails) conference | all | error | ported |
// | 2886Q | over 2% of children with no gender (to 2023) or sex (2024 on), unborn aside (return level) | 2022-23, 2024- | query | ported |
// | 2887Q | 8 or more disability codes used (return level) | all | query | ported (rule as stated) |
// | 2888Q | some child has more than one disability (return level) | all | query | ported |
// | 2889 | S47 start not before the episode's referral | all | error | ported |
// | 2990 | episode closed RC8/RC9 has no S47, CP plan, CIN plan or conference | all | error | ported |
// | 2991Q | an S47 has an assessment on its episode | all | query | ported |
// | 4000 | no CIN plan on an NFA referral | all | error | ported |
// | 4001 | no open CIN plan with an open CP plan in an episode | all | error | ported |
// | 4003 | no CP review inside an open CIN plan unless on the CP plan's end (validator's joins) | all | error | ported |
// | 4004 | at most one open CIN plan per episode | all | error | ported |
// | 4008 | CIN plan does not start after death | all | error | ported |
// | 4009Q | CIN plan does not end after death | all | query | ported |
// | 4010 | CIN plan start present and on or before the reference date | all | error | ported |
// | 4011 | CIN plan end not before its start | all | error | ported |
// | 4012Q | CIN plan not starting and ending the same day | all | query | ported |
// | 4013 | CIN plan end in the census period | all | error | ported |
// | 4014 | a child's CIN plans do not overlap (touching counts) | all | error | ported |
// | 4015 | CIN plan start not before the episode's referral | all | error | ported |
// | 4016 | CIN plan does not start while a CP plan is open | all | error | ported |
// | 4017 | CP plan does not start while a CIN plan is open | all | error | ported |
// | 4180 | GenderCurrent 0/1/2/9 (to 2024), Sex M/F/U (2025 on) | 2022-24, 2025- | error | ported |
// | 4220 | ethnicity present and valid | all | error | ported |
// | 8500 | LAchildID present | all | error | ported |
// | 8510 | LAchildID unique | all | error | ported |
// | 8520 | date of birth not after the reference date | all | error | ported |
// | 8525Q | exactly one of date of birth and expected date of birth | all | query | ported |
// | 8530Q | expected date of birth within (reference - 30 days, reference + 9 months) | all | query | ported |
// | 8535Q | death not before birth (unborn deaths aside) | all | query | ported |
// | 8540 | a child with action has valid disability codes, at least one | all | error | ported |
// | 8545Q | death in the census period | all | query | ported |
// | 8555Q | referral not after death | all | query | ported |
// | 8565 | closure not before any activity of its episode | all | error | ported (rule as stated) |
// | 8568 | ReferralNFA present and 1/0/true/false | all | error | ported |
// | 8569Q | a referral before the year's start is not NFA | all | query | ported |
// | 8585Q | closure reason RC2 (died) has a date of death | all | query | ported |
// | 8590 | every child has an episode | all | error | ported |
// | 8600 | referral present and not after the reference date | all | error | ported |
// | 8606 | referral not more than 280 days before (expected) birth | all | error | ported |
// | 8608 | assessment start not after its authorisation | all | error | ported |
// | 8610 | primary need present when the referral led to action | all | error | ported |
// | 8614 | factors only on an authorised assessment | all | error | ported (rule as stated) |
// | 8615 | S47 start present and not after its conference | all | error | ported |
// | 8617 | factor 8A not used | all | error | ported (rule as stated) |
// | 8620 | closure in the census period | all | error | ported |
// | 8630 | closure not before referral | all | error | ported |
// | 8640 | closure reason RC1-RC9 | all | error | ported |
// | 8650 | primary need N0-N9 | all | error | ported |
// | 8670Q | an open assessment started within 45 working days of the reference date | all | query | ported |
// | 8675Q | an S47 with no conference started within 15 working days of the reference date | all | query | ported |
// | 8696 | assessment authorisation in the census period | all | error | ported |
// | 8715 | S47 conference in the census period | all | error | ported |
// | 8720 | CP plan start present and not after the reference date | all | error | ported |
// | 8730 | number of previous CP plans present and not negative | all | error | ported |
// | 8736 | an open assessment starts in the census period | all | error | ported |
// | 8740 | an S47 awaiting conference starts in the census period | all | error | ported (rule as stated) |
// | 8750 | an unborn child has gender 0 (to 2024) or sex U (2025 on) | 2022-24, 2025- | error | ported |
// | 8770Q | a child of school age with action has a UPN or reason UN2-UN7 | 2022-24, 2025- | query | ported |
// | 8772 | UPN reason UN7 only when every episode is NFA | all | error | ported |
// | 8775Q | child over 25 with an episode open after 25 | all | query | ported |
// | 8790 | NONE not recorded with another disability | all | error | ported |
// | 8794 | no disability code twice for a child | all | error | ported |
// | 8805 | closure date has a reason | all | error | ported |
// | 8810 | closure reason has a date | all | error | ported |
// | 8815 | at most one open episode with action per child | all | error | ported |
// | 8816 | an open episode with action is the child's latest referral | all | error | ported |
// | 8820 | a child's episodes do not overlap | all | error | ported |
// | 8825Q | closure RC8/RC9 has an assessment | all | query | ported |
// | 8831 | an NFA episode has no assessment, S47 or conference | all | error | ported |
// | 8832 | an NFA episode has no CP plan | all | error | ported |
// | 8839 | at most one S47 awaiting conference per episode | all | error | ported |
// | 8840 | CP plan not starting and ending the same day | all | error | ported |
// | 8841 | CP review after its plan's start | all | error | ported |
// | 8842Q | CP review has a date | all | query | ported |
// | 8863Q | an assessment does not start during another of its episode | all | query | ported |
// | 8866 | referral source present and valid (referrals from April 2013) | all | error | ported |
// | 8867 | a closed episode has only authorised assessments | all | error | ported |
// | 8868 | a closed episode's S47s have a conference or "not required", not both | all | error | ported |
// | 8869 | factor 21 not listed with other factors | all | error | ported (rule as stated) |
// | 8870Q | ICPC target date not a weekend | all | query | ported (rule as stated) |
// | 8873Q | a lone assessment with factor 21 closes RC8/RC9 | all | query | ported (rule as stated) |
// | 8875 | conference not on a weekend | all | error | ported |
// | 8890 | an S47 does not start during another of its episode | all | error | ported |
// | 8896 | at most one open assessment per episode | all | error | ported |
// | 8897Q | an assessment authorised in the year has valid factors (validator's joins) | all | query | ported |
// | 8898 | no factor twice in an assessment | all | error | ported (rule as stated) |
// | 8899Q | a disabled child's assessment in the year lists factor 5A or 6A | all | query | ported (rule as stated) |
// | 8905 | initial category of abuse valid | all | error | ported |
// | 8910 | latest category of abuse valid | all | error | ported |
// | 8915 | CP plan does not start after death | all | error | ported |
// | 8920 | CP plan does not end after death | all | error | ported |
// | 8925 | CP plan end not before its start | all | error | ported |
// | 8930 | CP plan end in the census period | all | error | ported |
// | 8935 | at most one open CP plan per LAchildID and CPPID (validator's grouping) | all | error | ported |
// | 8940 | a child's CP plans do not overlap (touching counts; same CPPID not compared) | all | error | ported |
// | 8945Q | factor 18A not used | 2025- | query | ported (rule as stated) |
// | 8950Q | factor 19A not used | 2025- | query | ported (rule as stated) |
// | 8995Q | some child has module 5 (pre-proceedings) (return level) | 2027- | query | ported |
// | 9000Q | some pre-proceedings start date given (return level) | 2027- | query | ported (rule as stated) |
// | 9005 | pre-proceedings start in the census period | 2027- | error | ported |
// | 9006 | letter before proceedings in the period and on or after the start | 2027- | error | ported |
// | 9007 | a letter before proceedings says whether FGDM was offered | 2027- | error | ported (rule as stated) |
// | 9008 | first pre-proceedings meeting in the period | 2027- | error | ported |
// | 9009 | step up/down decision in the period and on or after the start | 2027- | error | ported |
// | 9010Q | an FGDM offer says whether one was held | 2027- | query | ported |
// | 9011 | pre-proceedings outcome A, B or C | 2027- | error | ported |
// | 9012 | court application in the period and on or after the decision | 2027- | error | ported |
// | 9013 | letter to initiate proceedings in the period and on or after the application | 2027- | error | ported |
// | 9015Q | an initial pre-proceedings meeting has a review count | 2027- | query | ported |
// | 8897 | (2022-23 rule_8897.py, int code) | - | - | not ported: superseded by 8897Q, the same check made a query; no re-coded version of the old file exists |
// | 4009, 8525, 8555, 8569, 8863, 8873 | (old files without Q) | - | - | not ported: renamed to the Q rules above before the codes were re-coded as text |
// | 4010v2 | (rule_4010v2.py) | - | - | not ported: one early version, never re-coded; 4010 is the rule |
// | 2885Q, 2886Q (2026-27 files) | (both define 8995Q) | - | - | not ported under those codes: they are copies of 8995Q (above) |
import type { CinReturn } from '../cin.js';
import type { Rule } from '../rule.js';
import { ASSESSMENT_RULES } from './assessments.js';
import { BIRTH_DEATH_RULES } from './births-deaths.js';
import { CHARACTERISTIC_RULES } from './characteristics.js';
import { CONFERENCE_RULES } from './conferences.js';
import { EPISODE_DATE_RULES } from './episode-dates.js';
import { EPISODE_RULES } from './episodes.js';
import { HEADER_RULES } from './header.js';
import { IDENTIFIER_RULES } from './identifiers.js';
import { LA_LEVEL_RULES } from './la-level.js';
import { PLAN_RULES } from './plans.js';
import { PRE_PROCEEDINGS_RULES } from './pre-proceedings.js';
import { PROTECTION_PLAN_RULES } from './protection-plans.js';
import { SECTION47_RULES } from './section47.js';
import type { CinRule } from './rule.js';

export { loadCin } from './load.js';

export const CIN_RULES: CinRule[] = [...HEADER_RULES, ...IDENTIFIER_RULES, ...EPISODE_DATE_RULES, ...LA_LEVEL_RULES, ...CONFERENCE_RULES, ...EPISODE_RULES, ...PLAN_RULES, ...CHARACTERISTIC_RULES, ...BIRTH_DEATH_RULES, ...ASSESSMENT_RULES, ...SECTION47_RULES, ...PROTECTION_PLAN_RULES, ...PRE_PROCEEDINGS_RULES];
export const RULES: Rule<CinReturn>[] = CIN_RULES;
