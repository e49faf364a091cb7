// The stations' numbers beside the map: GET /api/datasets/:name/stations for the date shown and the
// active cohort filter (core/whereabouts.ts on the server: the one answer the API, the map's badges,
// table and tooltips and the flow view all give). The latest question wins, one request is in flight
// at a time, and answers are kept, so playback asks at most once per shown day.
import type { StationsResponse } from '../../../core/api-schemas.js';
import { fetchStations } from '../api.js';

export interface StationsAnswer extends StationsResponse {
  /** the cohort asked about ('' = every child; null = a filter nobody matches) */
  cohort: string | null;
}

const KEEP = 400;

export class StationsSource {
  private readonly kept = new Map<string, StationsAnswer>();
  /** answers kept at most (raised to hold a video's period) */
  private keep = KEEP;
  private wanted: { at: string; cohort: string | null } | null = null;
  private inFlight = false;
  private settled: (() => void)[] = [];
  current: StationsAnswer | null = null;

  constructor(
    private readonly dataset: string,
    private readonly mapId: string,
    private readonly stationIds: readonly string[],
    private readonly onAnswer: (answer: StationsAnswer) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Asks for the stations at the end of `at` for `cohort`; the answer arrives through onAnswer. */
  request(at: string, cohort: string | null): void {
    if (this.current && this.current.at === at && this.current.cohort === cohort && !this.inFlight) return;
    this.wanted = { at, cohort };
    void this.pump();
  }

  /**
   * Fetches and keeps the answers for `days` (a video's period), `concurrency` at a time, so that each
   * frame's question is answered from what is kept rather than by a request of its own (a 4 s video of
   * 181 days waited for 181 requests one after another). Rejects on the first failed request.
   */
  async prefetch(days: readonly string[], cohort: string | null, concurrency = 4): Promise<void> {
    if (cohort === null) return;
    this.keep = Math.max(this.keep, days.length + KEEP);
    const missing = days.filter((at) => !this.kept.has(`${at}|${cohort}`));
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const at = missing[next++]!;
        const answer = { ...(await fetchStations(this.dataset, this.mapId, at, cohort)), cohort };
        this.kept.set(`${at}|${cohort}`, answer);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, missing.length) }, worker));
  }

  /** Resolves once the latest question has its answer shown (tests and exports wait on this). */
  whenSettled(): Promise<void> {
    if (!this.inFlight && !this.wanted) return Promise.resolve();
    return new Promise((resolve) => this.settled.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.inFlight) return;
    while (this.wanted) {
      const { at, cohort } = this.wanted;
      this.wanted = null;
      const key = `${at}|${cohort}`;
      let answer = this.kept.get(key);
      if (!answer) {
        if (cohort === null) {
          answer = { at, cohort, stations: this.stationIds.map((id) => ({ id, waiting: 0, children: 0, medianWaitDays: null, longestWaitDays: null, overTarget: 0, pastHorizon: 0, incomplete: false, endsMissing: false, note: null, unpairedEnds: 0, unpairedNote: null })), disclosure: { exactCounts: true, note: null }, cohortNote: null };
        } else {
          this.inFlight = true;
          try {
            answer = { ...(await fetchStations(this.dataset, this.mapId, at, cohort)), cohort };
          } catch (error) {
            this.onError((error as Error).message);
            continue;
          } finally {
            this.inFlight = false;
          }
        }
        if (this.kept.size >= this.keep) this.kept.delete(this.kept.keys().next().value!);
        this.kept.set(key, answer);
      }
      if (!this.wanted) {
        this.current = answer;
        this.onAnswer(answer);
      }
    }
    for (const resolve of this.settled.splice(0)) resolve();
  }
}
