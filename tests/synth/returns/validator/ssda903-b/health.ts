// Reviews and OC2 (outcomes for children looked after 12 months): participation codes by age, and
// which health and conviction fields a child's age at 31 March asks for.
import { continuouslyLookedAfter } from './care.js';
import { dt, le, lt, plusYears, rule, v } from './frame.js';

const HEALTH_FIELDS = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'];

export const HEALTH_RULES = [
  rule('440', 'Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.', (d, fail) => {
    d.tables.reviews.forEach((r, i) => v(r, 'REVIEW_CODE') === 'PN0' && lt(plusYears(dt(r, 'DOB'), 4), dt(r, 'REVIEW')) && fail('reviews', i));
  }),
  rule('441', 'Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.', (d, fail) => {
    const codes = ['PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'];
    d.tables.reviews.forEach((r, i) => codes.includes(v(r, 'REVIEW_CODE') ?? '') && lt(dt(r, 'REVIEW'), plusYears(dt(r, 'DOB'), 4)) && fail('reviews', i));
  }),
  rule('542', 'A child aged under 10 at 31 March should not have conviction information completed.', (d, fail) => {
    d.tables.oc2.forEach((o, i) => lt(d.collectionEnd, plusYears(dt(o, 'DOB'), 10)) && v(o, 'CONVICTED') !== null && fail('oc2', i));
  }),
  rule('543', 'Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.', (d, fail) => {
    const cla = continuouslyLookedAfter(d);
    d.tables.oc2.forEach((o, i) => lt(plusYears(dt(o, 'DOB'), 10), d.collectionEnd) && cla.has(v(o, 'CHILD') ?? '') && v(o, 'CONVICTED') === null && fail('oc2', i));
  }),
  rule('544', 'Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.', (d, fail) => {
    d.tables.oc2.forEach((o, i) => v(o, 'CONVICTED') === '1' && HEALTH_FIELDS.some((c) => v(o, c) === null) && fail('oc2', i));
  }),
  rule('545', 'Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.', (d, fail) => {
    const cla = continuouslyLookedAfter(d);
    d.tables.oc2.forEach((o, i) => lt(d.collectionEnd, plusYears(dt(o, 'DOB'), 5)) && cla.has(v(o, 'CHILD') ?? '') && v(o, 'HEALTH_CHECK') === null && fail('oc2', i));
  }),
  rule('546', 'Children aged 5 or over at 31 March should not have health promotion information completed.', (d, fail) => {
    const cla = continuouslyLookedAfter(d);
    d.tables.oc2.forEach((o, i) => le(plusYears(dt(o, 'DOB'), 5), d.collectionEnd) && cla.has(v(o, 'CHILD') ?? '') && v(o, 'HEALTH_CHECK') !== null && fail('oc2', i));
  }),
  rule('547', 'Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.', (d, fail) => {
    d.tables.oc2.forEach((o, i) => v(o, 'HEALTH_CHECK') === '1' && HEALTH_FIELDS.some((c) => v(o, c) === null) && fail('oc2', i));
  }),
];
