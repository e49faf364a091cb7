// One child as every return sees it: the journey's shape (case.ts) and what the returns add (enrich.ts).
import type { CaseRecord } from './case.js';
import type { Enrichment } from './enrich.js';

export interface ReturnCase {
  record: CaseRecord;
  extra: Enrichment;
}
