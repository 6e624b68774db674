#!/usr/bin/env python3
"""Turns the harness's JSON (docs/bench/ingest.json, pipeline.json) into throughput.csv for the plots and a dated
section of docs/benchmarks.md with every goal of issue 7, met or missed and by how much.
Usage: report.py DIR BENCHMARKS_MD"""
import json
import pathlib
import sys

out_dir = pathlib.Path(sys.argv[1])
doc = pathlib.Path(sys.argv[2])
ingest = json.loads((out_dir / "ingest.json").read_text())
pipe = json.loads((out_dir / "pipeline.json").read_text())


def f(value, default=float("nan")):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


closed = ingest["closed_loop"]
ceiling = f(ingest["ceiling"].get("rps_med"))
open_loop = {int(o["pct"]): o for o in ingest["open_loop"]}
e2e = {r["run"]: r for r in pipe["e2e"]}
rates = [r for r in pipe["e2e"] if r["run"].startswith("e2e-")]
base = e2e.get("e2e-1000", {})
# the isolation run beside the run without the silent subscriber at the same rate (ISOLATION_RATE)
iso = next((r for r in pipe["e2e"] if r["run"].startswith("isolation-")), {})
iso_base = e2e.get("e2e-" + str(iso.get("rate")), {})
apply = pipe["apply"]
delivery = pipe["delivery"]
memory = pipe["memory"]
startup = [f(x) for x in pipe["startup"]["ready_ms"].split(",")]

(out_dir / "throughput.csv").write_text(
    "name,limit,spool\n"
    f"\"ingest req/s\",{ceiling},{f(closed['rps'])}\n"
    f"\"apply events/s\",{f(apply['pg_limit_tps'])},{f(apply['applied_per_s'])}\n"
    f"\"deliveries/s\",{f(delivery['sink_limit_rps'])},{f(delivery['deliveries_per_s'])}\n")


def verdict(ok):
    return "met" if ok else "**missed**"


def ratio(a, b):
    return f(a) / f(b) if f(b) > 0 else float("nan")


goals = []
r = ratio(closed["rps"], ceiling)
goals.append(("Ingest max ≥ 70 % of the naive HTTP→Kafka ceiling",
              f"{f(closed['rps']):,.0f} / {ceiling:,.0f} req/s = {r:.2f}", verdict(r >= 0.70)))
half = open_loop.get(50, {})
goals.append(("Ingest p99 ≤ 10 ms at 50 % of its max (open loop)",
              f"{f(half.get('ack_p99_ms')):.1f} ms at {half.get('target_rate')} req/s"
              + (" (over capacity: sending stopped)" if half.get('overloaded') == '1' else ""),
              verdict(f(half.get("ack_p99_ms"), 1e9) <= 10)))
r = ratio(apply["applied_per_s"], apply["pg_limit_tps"])
goals.append(("Apply ≥ 65 % of the pgbench insert ceiling",
              f"{f(apply['applied_per_s']):,.0f} events/s / {f(apply['pg_limit_tps']):,.0f} tps = {r:.2f}",
              verdict(r >= 0.65)))
goals.append(("End to end at 1,000 events/s: p50 ≤ 10 ms, p99 ≤ 50 ms",
              f"p50 {f(base.get('e2e_p50_ms')):.1f} ms, p99 {f(base.get('e2e_p99_ms')):.1f} ms",
              verdict(f(base.get("e2e_p50_ms"), 1e9) <= 10 and f(base.get("e2e_p99_ms"), 1e9) <= 50)))
r = ratio(delivery["deliveries_per_s"], delivery["sink_limit_rps"])
goals.append(("Delivery ≥ 50 % of the raw client → sink ceiling",
              f"{f(delivery['deliveries_per_s']):,.0f} / {f(delivery['sink_limit_rps']):,.0f} per s = {r:.2f}",
              verdict(r >= 0.5)))
kept = ratio(iso.get("received"), iso_base.get("received"))
p99x = ratio(iso.get("e2e_p99_ms"), iso_base.get("e2e_p99_ms"))
goals.append(("Isolation: healthy subscribers keep ≥ 90 % throughput, p99 ≤ 2×",
              f"at {iso.get('rate')} events/s: {kept:.2f} of the deliveries, p99 {p99x:.2f}× "
              f"({f(iso.get('e2e_p99_ms')):.1f} against {f(iso_base.get('e2e_p99_ms')):.1f} ms)",
              verdict(kept >= 0.9 and p99x <= 2)))
peak = max(f(memory["ingest_rss_peak_mb"]), f(memory["dispatcher_rss_peak_mb"]), f(ingest.get("rss_mb_end")))
goals.append(("Each service < 512 MiB resident at maximum load",
              f"ingest {memory['ingest_rss_peak_mb']} (closed loop {ingest.get('rss_mb_end')}) MiB, "
              f"dispatcher {memory['dispatcher_rss_peak_mb']} MiB (heaps: ingest {memory['heap']}, dispatcher {memory.get('dispatcher_heap', memory['heap'])})", verdict(peak < 512)))
goals.append(("Standalone ready ≤ 15 s", ", ".join(f"{s / 1000:.1f} s" for s in startup),
              verdict(max(startup) <= 15000)))

lines = [f"\n## Run of {pipe['when']} (`bash bench/run.sh`)\n",
         "Every Spool figure beside the limit measured in the same run. Plots: "
         "[latency](bench/latency.png), [throughput](bench/throughput.png), [memory](bench/memory.png); "
         "raw figures: [ingest.json](bench/ingest.json), [pipeline.json](bench/pipeline.json).\n",
         "| goal | measured | |", "|---|---|---|"]
lines += [f"| {g} | {m} | {v} |" for g, m, v in goals]
lines += ["", "Ingest (wrk, 2 threads / 64 connections, four signed formats; ceiling = naive Reactor Netty → KafkaProducer):", "",
          "| | req/s | p50 ms | p99 ms | CPU µs/req |", "|---|---|---|---|---|",
          f"| naive ceiling | {ceiling:,.0f} | {ingest['ceiling'].get('p50_ms_med')} | {ingest['ceiling'].get('p99_ms_med')} | {ingest['ceiling'].get('server_cpu_us_per_req_med')} |",
          f"| Spool ingest | {f(closed['rps']):,.0f} | {closed['p50_ms']} | {closed['p99_ms']} | {closed['server_cpu_us_per_req']} |",
          *([f"", f"Each row is the median of its measured runs after the warm-up (Spool's: {closed['rps_runs'].replace('/', ', ')} req/s)."]
            if 'rps_runs' in closed else []),
          "", "Open loop (latency from the moment each request was due; generator: "
          + ("raw HTTP/1.1 on 64 keep-alive connections, SpoolLoad engine=nio" if any(o.get('engine') == 'nio' for o in open_loop.values())
             else "Reactor Netty's HTTP client") + "):", "",
          "| rate | p50 ms | p99 ms | p99.9 ms | non-2xx |", "|---|---|---|---|---|"]
# a rate the generator could not run (failed=1) has no latencies; one over the server's capacity (overloaded=1:
# too many requests waiting for an answer) stopped early, and its latencies are those of a growing queue
def open_row(p, o):
    if 'ack_p50_ms' not in o:
        return f"| {o['target_rate']}/s ({p} %) | not run: the generator failed | | | |"
    if o.get('overloaded') == '1':
        return (f"| {o['target_rate']}/s ({p} %) | over capacity: {o['waiting']} requests waiting after "
                f"{o['overloaded_after_s']} s, sending stopped (p50 {o['ack_p50_ms']}, p99 {o['ack_p99_ms']} of those sent) | | | {o['non2xx']} |")
    return f"| {o['target_rate']}/s ({p} %) | {o['ack_p50_ms']} | {o['ack_p99_ms']} | {o['ack_p999_ms']} | {o['non2xx']} |"
lines += [open_row(p, o) for p, o in sorted(open_loop.items())]
lines += ["", "End to end (10 subscriptions, every event to every subscriber; webhook due → subscriber received):", "",
          "| run | events/s | accepted | delivered / expected | duplicates | deliveries/s | 202 p99 ms | e2e p50 ms | e2e p99 ms | e2e p99.9 ms | CPU % while sending: machine (dispatcher / PostgreSQL / ingest / broker / generator) |",
          "|---|---|---|---|---|---|---|---|---|---|---|"]
def cpu_cell(x):  # percent of one core over the sending; the per-process split since 2026-11-25T13:53Z
    if "cpu_dispatcher_pct" not in x:
        return x.get("machine_busy_pct", "")
    split = " / ".join(x.get(f"cpu_{k}_pct", "") for k in ("dispatcher", "pg", "ingest", "broker", "gen"))
    return f"{x.get('machine_busy_pct', '')} ({split})"
lines += [f"| {x['run']} | {x['rate']} | {x['accepted']} | {x['received']} / {x['expected_deliveries']} | {x['duplicates']} | "
          f"{x['deliveries_per_s']} | {x['ack_p99_ms']} | {x['e2e_p50_ms']} | {x['e2e_p99_ms']} | {x['e2e_p999_ms']} | {cpu_cell(x)} |"
          for x in pipe["e2e"]]
lines += ["", f"Apply: {apply['events']} events from a pre-filled topic, {apply['applied_per_s']} events/s "
          f"(pgbench, 8 clients, synchronous commit: {apply['pg_limit_tps']} tps)"
          + (f"; CPU per event applied: dispatcher {apply['dispatcher_cpu_us_per_event']} µs, PostgreSQL "
             f"{apply['pg_cpu_us_per_event']} µs, machine {apply['machine_busy_pct']} % busy (200 = both cores)"
             if "dispatcher_cpu_us_per_event" in apply else "") + ".", ""]
doc.write_text(doc.read_text() + "\n".join(lines) + "\n")
print("\n".join(lines))
