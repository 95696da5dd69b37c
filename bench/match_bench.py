"""Time the matching engine on a seeded synthetic city, against exact references.

    python bench/match_bench.py                  # N = 1k, 5k, 20k (with dense), 100k (without)
    python bench/match_bench.py --n 5000         # one N, in this process
    python bench/match_bench.py --n 5000 --no-dense
    python bench/match_bench.py --sizes 1000 5000

N needs and 2N volunteers (``synthetic_city.py``). Each N runs in its own process (the
driver spawns ``sys.executable bench/match_bench.py --n N``). Per N it prints the engine's
wall time (``propose``: encode, shortlist, features, score, assignment and building the
proposals; data generation excluded), per-stage times from the ``progress`` callback, the
peak resident memory while the engine ran (the kernel's high-water mark is reset just before
``propose``, so the figure includes the input records already in memory but not the data
generation's temporaries), the total score and the matched count. The engine's compiled
kernels (Numba) are loaded when it is imported, before any timing; that import is timed and
printed too (the first run after an install compiles them, once).

References, both with the same scorer (the prior) and the same hard constraints:

* **dense** (N ≤ 20k unless ``--no-dense``): every (need, volunteer) pair is scored in chunks
  with the engine's own ``encode`` / ``shortlist.feasible`` / ``pair_features`` (an infeasible
  pair scores 0 = unmatched) into an N × 2N matrix, and SciPy's ``linear_sum_assignment``
  solves it. To avoid the copy ``maximize=True`` makes of a 6 GB matrix, the matrix holds
  −score and is minimised (the same optimum). Printed: the time of the dense solve alone
  and with building the matrix, their ratio to the engine's time, and the engine's gap to
  this optimum.
* **exact on the shortlist** (always, unless ``--no-exact``): the engine's own candidate graph
  and scores (rebuilt with its modules), solved independently of ``assignment.py`` by SciPy's
  sparse min-weight full matching (LAPJVsp) with one "unmatched" column per need. The engine
  solves the whole graph at once, never split into regions, so the gap to it should be 0 (a
  check of the engine's own solver); the gap to dense is what the shortlist loses.

Targets (issue): 100k × 200k ≤ 10 s wall, ≤ 1.5 GB peak, ≥ 99.3 % of the exact solve on the
shortlist; 5k ≥ 10× faster than dense and ≥ 99 % of its optimum; 20k ≥ 98.5 % of it.
"""

import argparse
import gc
import json
import resource
import subprocess
import sys
import time

import numpy as np
import synthetic_city
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

_importing = time.perf_counter()
from matchmaker.match.engine import propose  # noqa: E402  (timed: loads the kernels)

ENGINE_IMPORT_S = time.perf_counter() - _importing

from matchmaker.match.features import encode, pair_features  # noqa: E402
from matchmaker.match.scoring import PriorScorer  # noqa: E402
from matchmaker.match.shortlist import feasible, shortlist  # noqa: E402

SIZES = (1_000, 5_000, 20_000, 100_000)
DENSE_MAX = 20_000
#: pairs per chunk when filling the dense matrix
DENSE_CHUNK_PAIRS = 4_000_000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ≥ 4.0); False when that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StageClock:
    """Stage times from the engine's ``progress(stage, done, total)`` calls."""

    def __init__(self):
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def durations(self, start: float, end: float) -> dict[str, float]:
        """Seconds per stage; "prepare" is sorting, encoding and building the skill index,
        "proposals" building the proposals with their alternatives and explanations."""
        times = {"prepare": self.first["shortlist"] - start}
        order = ["shortlist", "features", "score", "assign"]
        for stage, nxt in zip(order, order[1:], strict=False):
            times[stage] = self.first[nxt] - self.first[stage]
        times["assign"] = self.last["assign"] - self.first["assign"]
        times["proposals"] = end - self.last["assign"]
        return times


def exact_on_shortlist(needs, volunteers, scorer, shortlist_args: dict) -> dict:
    """The optimum over the engine's own candidate graph, solved without ``assignment.py``."""
    needs = sorted(needs, key=lambda r: r.id)
    volunteers = sorted(volunteers, key=lambda r: r.id)
    need, volunteer = encode(needs, volunteers)
    cand = shortlist(need, volunteer, **shortlist_args)
    scores = np.concatenate(
        [
            scorer.score(pair_features(need, volunteer, cand.need_idx[s], cand.vol_idx[s]))
            for s in (slice(i, i + 200_000) for i in range(0, len(cand), 200_000))
        ]
        or [np.zeros(0)]
    )
    t = time.perf_counter()
    n, m = len(need), len(volunteer)  # capacity 1 everywhere in the synthetic city
    big = float(scores.max()) + 1.0
    rows = np.concatenate((cand.need_idx, np.arange(n)))
    cols = np.concatenate((cand.vol_idx, m + np.arange(n)))
    cost = np.concatenate((big - scores, np.full(n, big)))
    graph = csr_matrix((cost, (rows, cols)), shape=(n, m + n))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < m
    value = float((big - graph[r[real], c[real]].A1).sum())
    return {
        "exact_time": time.perf_counter() - t,
        "exact_score": value,
        "exact_matched": int(real.sum()),
        "pairs": len(cand),
    }


def dense_optimum(needs, volunteers, scorer) -> dict:
    """Score all N × 2N pairs with the engine's code and solve with linear_sum_assignment."""
    t0 = time.perf_counter()
    need, volunteer = encode(needs, volunteers)
    n, m = len(need), len(volunteer)
    cost = np.zeros((n, m))  # holds −score; an infeasible pair stays 0 (= unmatched)
    rows_per_chunk = max(1, DENSE_CHUNK_PAIRS // m)
    all_vol = np.arange(m)
    for start in range(0, n, rows_per_chunk):
        rows = np.arange(start, min(start + rows_per_chunk, n))
        ni, vi = np.repeat(rows, m), np.tile(all_vol, len(rows))
        ok, _ = feasible(need, volunteer, ni, vi)
        ni, vi = ni[ok], vi[ok]
        cost[ni, vi] = -scorer.score(pair_features(need, volunteer, ni, vi))
    t1 = time.perf_counter()
    r, c = linear_sum_assignment(cost)  # minimise −score = maximise score
    t2 = time.perf_counter()
    chosen = -cost[r, c]
    return {
        "dense_build": t1 - t0,
        "dense_lsa": t2 - t1,
        "dense_score": float(chosen.sum()),
        "dense_matched": int((chosen > 0).sum()),
        "dense_feasible_pairs": int(np.count_nonzero(cost)),
    }


def run_one(n: int, *, dense: bool, exact: bool, seed: int, engine_args: dict) -> dict:
    t = time.perf_counter()
    needs, volunteers = synthetic_city.city(n, 2 * n, seed=seed)
    out = {"n": n, "generate": time.perf_counter() - t, "engine_import": ENGINE_IMPORT_S}
    scorer = PriorScorer()
    gc.collect()
    out["rss_before_mb"] = rss_mb()
    out["peak_reset"] = reset_peak()
    clock = StageClock()
    start = time.perf_counter()
    result = propose(needs, volunteers, scorer, progress=clock, **engine_args)
    end = time.perf_counter()
    out["peak_mb"] = peak_mb()
    out["engine_time"] = end - start
    out["stages"] = clock.durations(start, end)
    out["score"] = result.total_score
    out["matched"] = len(needs) - len(result.unmatched_need_ids)
    out["pairs"] = result.candidate_pairs
    del result
    gc.collect()
    print(f"[N={n:,}] engine done: {json.dumps(out)}", file=sys.stderr, flush=True)
    if exact:
        shortlist_args = {k: v for k, v in engine_args.items() if k.startswith("k_")}
        ref = exact_on_shortlist(needs, volunteers, scorer, shortlist_args)
        if ref["pairs"] != out["pairs"]:
            raise RuntimeError("the rebuilt shortlist differs from the engine's")
        out.update({k: v for k, v in ref.items() if k != "pairs"})
    if dense:
        out.update(dense_optimum(needs, volunteers, scorer))
        out["total_peak_mb"] = peak_mb()
    return out


def describe(r: dict) -> str:
    lines = [
        f"N={r['n']:,}: engine {r['engine_time']:.2f} s, peak {r['peak_mb']:.0f} MB "
        f"(inputs {r['rss_before_mb']:.0f} MB), score {r['score']:.1f}, "
        f"matched {r['matched']:,}/{r['n']:,}, pairs {r['pairs']:,} "
        f"(generation {r['generate']:.1f} s; engine import {r['engine_import']:.1f} s)",
        "  stages: " + ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items()),
    ]
    if "exact_score" in r:
        lines.append(
            f"  exact on shortlist: score {r['exact_score']:.1f} ({r['exact_time']:.2f} s), "
            f"engine = {100 * r['score'] / r['exact_score']:.3f} %"
        )
    if "dense_score" in r:
        lines.append(
            f"  dense: build {r['dense_build']:.1f} s + LSA {r['dense_lsa']:.1f} s, "
            f"score {r['dense_score']:.1f}, matched {r['dense_matched']:,}, "
            f"ratio LSA/ours {r['dense_lsa'] / r['engine_time']:.1f}×, "
            f"(build+LSA)/ours {(r['dense_build'] + r['dense_lsa']) / r['engine_time']:.1f}×, "
            f"engine = {100 * r['score'] / r['dense_score']:.3f} % of optimum "
            f"(gap {100 * (1 - r['score'] / r['dense_score']):.3f} %), "
            f"process peak {r['total_peak_mb']:.0f} MB"
        )
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    head = (
        f"{'N':>8} {'pairs':>10} {'engine s':>9} {'peak MB':>8} {'score':>10} {'matched':>8} "
        f"{'%exact-SL':>9} {'dense s':>8} {'LSA/ours':>8} {'%dense':>7}"
    )
    out = [head]
    for r in results:
        dense = "dense_score" in r
        exact = 100 * r["score"] / r["exact_score"] if "exact_score" in r else None
        out.append(
            f"{r['n']:>8,} {r['pairs']:>10,} {r['engine_time']:>9.2f} {r['peak_mb']:>8.0f} "
            f"{r['score']:>10.1f} {r['matched']:>8,} "
            + (f"{exact:>9.3f} " if exact else f"{'-':>9} ")
            + (
                f"{r['dense_build'] + r['dense_lsa']:>8.1f} "
                f"{r['dense_lsa'] / r['engine_time']:>8.1f} "
                f"{100 * r['score'] / r['dense_score']:>7.3f}"
                if dense
                else f"{'-':>8} {'-':>8} {'-':>7}"
            )
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, help="run one N in this process")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--no-dense", action="store_true", help="skip the dense reference")
    parser.add_argument("--no-exact", action="store_true", help="skip the shortlist optimum")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, help="threads (default: the engine's)")
    parser.add_argument("--k-nearest", type=int, help="shortlist size (default: the engine's)")
    parser.add_argument("--k-all-skills", type=int, help="(default: the engine's)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    engine_args = {
        name: value
        for name in ("workers", "k_nearest", "k_all_skills")
        if (value := getattr(args, name)) is not None
    }
    passed = [f"--{name.replace('_', '-')}={value}" for name, value in engine_args.items()]
    if args.n:
        r = run_one(
            args.n,
            dense=not args.no_dense and args.n <= DENSE_MAX,
            exact=not args.no_exact,
            seed=args.seed,
            engine_args=engine_args,
        )
        print("RESULT " + json.dumps(r) if args.json else describe(r), flush=True)
        return
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--n", str(n), "--json", "--seed", str(args.seed)]
        cmd += passed
        cmd += ["--no-dense"] * (args.no_dense or n > DENSE_MAX) + ["--no-exact"] * args.no_exact
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[len("RESULT ") :]))
        print(describe(results[-1]), flush=True)
    print()
    print(table(results))


if __name__ == "__main__":
    main()
