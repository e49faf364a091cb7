// Referrals by their number in the child's journey: the share of k-th referrals followed by another (k =
// 1..4, and 5 standing for the 5th and later), counting only referrals with another after them or with a
// year of data after them (so the data's end does not pass for "never came back"), and the children with
// five referrals or more. What issue 10's audits a10c and F5 measured on the logs and their copies.
import { EV } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';

export interface ReferralCounts {
  /** by k - 1 (the last: 5th and later): referrals counted, and of them those followed by another */
  counted: number[];
  followed: number[];
  /** children with five referrals or more */
  fiveOrMore: number;
}

export const TOP_K = 5;

export function referralCounts(table: EventTable, dataEnd: number): ReferralCounts {
  const counted = new Array<number>(TOP_K).fill(0);
  const followed = new Array<number>(TOP_K).fill(0);
  let fiveOrMore = 0;
  const days: number[] = [];
  for (let c = 0; c < table.childIds.length; c++) {
    days.length = 0;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) if (table.type[i] === EV.referral) days.push(table.day[i]!);
    if (days.length >= TOP_K) fiveOrMore++;
    days.forEach((day, j) => {
      const k = Math.min(j, TOP_K - 1);
      const another = j + 1 < days.length;
      if (!another && day + 365 > dataEnd) return;
      counted[k]!++;
      if (another) followed[k]!++;
    });
  }
  return { counted, followed, fiveOrMore };
}

/** The share followed by another and its standard error, by k - 1. */
export function shares(counts: ReferralCounts): Array<{ share: number; se: number }> {
  return counts.counted.map((n, k) => {
    const share = n === 0 ? 0 : counts.followed[k]! / n;
    return { share, se: n === 0 ? 0 : Math.sqrt((share * (1 - share)) / n) };
  });
}

/** One line for a report: k-th shares in %, children with 5+. */
export function describeCounts(counts: ReferralCounts): string {
  const s = shares(counts).map((x, k) => `${k + 1 === TOP_K ? `${TOP_K}+` : k + 1}: ${(100 * x.share).toFixed(1)}±${(100 * x.se).toFixed(1)}% of ${counts.counted[k]}`);
  return `${s.join(', ')}; 5+ referrals: ${counts.fiveOrMore}`;
}
