// Difference-constraint solver over cumulative counts C(0..N): C(b) - C(a) in [lo, hi] for published windows,
// C non-decreasing. Shortest paths give the tightest sound bounds on every difference (integer difference
// constraints are totally unimodular, so these bounds are the exact range of feasible integer values).
export class DiffSystem {
  readonly n: number; // nodes 0..n
  private adj: Map<number, number>[]; // adj[u].get(v) = weight w: C(v) - C(u) <= w
  readonly labels = new Map<string, string>();
  constructor(days: number) {
    this.n = days;
    this.adj = Array.from({ length: days + 1 }, () => new Map());
    for (let b = 0; b < days; b++) this.edge(b + 1, b, 0); // C(b) - C(b+1) <= 0
  }
  private edge(u: number, v: number, w: number, label?: string) {
    const old = this.adj[u]!.get(v);
    if (old === undefined || w < old) { this.adj[u]!.set(v, w); if (label) this.labels.set(`${u},${v}`, label); }
  }
  /** C(b) - C(a) in [lo, hi] (a < b) */
  window(a: number, b: number, lo: number, hi: number, label?: string) {
    if (a === b) return;
    this.edge(a, b, hi, label && `${label} <= ${hi}`);
    this.edge(b, a, -lo, label && `${label} >= ${lo}`);
  }
  /** a shortest path s -> t (the chain of published figures that proves the bound), as edge labels */
  path(s: number, t: number): string[] {
    const N = this.n + 1;
    const dist = new Array<number>(N).fill(Infinity);
    const pred = new Int32Array(N).fill(-1);
    dist[s] = 0;
    for (let round = 0; round < N; round++) {
      let changed = false;
      for (let u = 0; u < N; u++) {
        if (dist[u] === Infinity) continue;
        for (const [v, w] of this.adj[u]!) if (dist[u]! + w < dist[v]!) { dist[v] = dist[u]! + w; pred[v] = u; changed = true; }
      }
      if (!changed) break;
    }
    const out: string[] = [];
    for (let v = t; v !== s && v >= 0; v = pred[v]!) { const u = pred[v]!; out.push(this.labels.get(`${u},${v}`) ?? (u === v + 1 ? `monotone: C(${v}) <= C(${u})` : `edge ${u}->${v}`)); }
    return out.reverse();
  }
  /** all-pairs upper bounds: dist[u][v] >= C(v) - C(u) */
  solve(): Int32Array[] {
    const N = this.n + 1;
    const INF = 1 << 29;
    const edges: Array<[number, number][]> = this.adj.map((m) => [...m]);
    const out: Int32Array[] = [];
    for (let s = 0; s < N; s++) {
      const dist = new Int32Array(N).fill(INF);
      const inQ = new Uint8Array(N);
      const queue: number[] = [s];
      dist[s] = 0;
      inQ[s] = 1;
      let head = 0;
      let relax = 0;
      while (head < queue.length) {
        const u = queue[head++]!;
        inQ[u] = 0;
        const du = dist[u]!;
        for (const [v, w] of edges[u]!) {
          if (du + w < dist[v]!) {
            dist[v] = du + w;
            if (++relax > 50_000_000) throw new Error('negative cycle: inconsistent constraints');
            if (!inQ[v]) { inQ[v] = 1; queue.push(v); }
          }
        }
        if (head > 4096 && head * 2 > queue.length) { queue.splice(0, head); head = 0; }
      }
      if (dist[s]! < 0) throw new Error('negative cycle');
      out.push(dist);
    }
    return out;
  }
}
