// The views API as the views page uses it: the JSON of a view and the URL of each table's CSV.
import type { ViewTable } from '../../../core/analysis/view-table.js';
import { fetchSignedIn } from '../session.js';

export type ViewName = 'pathways' | 'two-point' | 'rereferrals' | 'flow' | 'impact' | 'cohorts' | 'time-in-care' | 'funnel';

export interface ViewJson {
  tables: ViewTable[];
  [field: string]: unknown;
}

/** The path (and query) of a view; empty parameters are left out so the server's defaults apply. */
export function viewUrl(view: ViewName, dataset: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
  const path = view === 'funnel' ? '/api/compare/funnel' : `/api/datasets/${encodeURIComponent(dataset)}/views/${view}`;
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function csvUrl(url: string, table: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}format=csv&table=${encodeURIComponent(table)}`;
}

export async function fetchView<T extends ViewJson>(url: string): Promise<T> {
  const response = await fetchSignedIn(url);
  if (!response.ok) {
    let reason = response.statusText;
    try {
      reason = ((await response.json()) as { error?: string }).error ?? reason;
    } catch {
      // not JSON: keep the status text
    }
    throw new Error(`GET ${url} failed (${response.status}): ${reason}`);
  }
  return (await response.json()) as T;
}
