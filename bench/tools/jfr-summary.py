#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: by thread, by top frame's package, and the share of samples whose
stack contains each of a few markers (inclusive time). Usage: jfr-summary.py recording.jfr [marker ...]
Needs a JDK's `jfr` (JFR_BIN, default: jfr on the PATH). JFR_FROM / JFR_TO (UTC instants, e.g. 2026-11-25T10:51:22.5Z)
keep only the samples taken between them: a phase of a longer recording, such as the pipeline's apply.
JFR_TOP=N also prints the N most frequent top frames (method level). JFR_CALLERS=text: for the samples whose top
frame contains text (e.g. HashMap.getNode), the first frames outside java.* that led there, most frequent first."""
import collections, json, os, subprocess, sys

rec = sys.argv[1]
markers = sys.argv[2:] or ["WebhookController", "IngestService.toEvent", "verify", "JsonCodec.readTree",
                           "JsonCodec.write", "EventFactory", "KafkaProducer.send", "IngestMetrics",
                           "RequestMappingHandlerAdapter", "InvocableHandlerMethod", "ResponseBodyResultHandler",
                           "HttpWebHandlerAdapter", "reactor.netty", "io.netty", "micrometer", "observation", "WebFilter", "DefaultServerWebExchange", "Jackson", "logback"]
out = subprocess.run([os.environ.get("JFR_BIN", "jfr"), "print", "--json", "--stack-depth", "200",
                      "--events", "jdk.ExecutionSample", rec], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
window = (os.environ.get("JFR_FROM", "").rstrip("Z"), os.environ.get("JFR_TO", "").rstrip("Z"))
if any(window):  # ISO instants of one zone compare as text once the trailing Z is gone
    events = [e for e in events if (not window[0] or e["values"]["startTime"].rstrip("Z") >= window[0])
              and (not window[1] or e["values"]["startTime"].rstrip("Z") <= window[1])]
methods, callers = collections.Counter(), collections.Counter()
callee = os.environ.get("JFR_CALLERS")
threads, tops, incl = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    v = e["values"]
    thread = v["sampledThread"]["javaName"] or "?"
    threads["".join(c for c in thread if not c.isdigit()).rstrip("-#")] += 1
    frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in (v["stackTrace"] or {}).get("frames", [])]
    if frames:
        tops[".".join(frames[0].split(".")[:3])] += 1
        methods[frames[0]] += 1
        if callee and callee in frames[0]:
            callers[next((f for f in frames if not f.startswith("java.")), "?")] += 1
    stack = "\n".join(frames)
    for m in markers:
        if m in stack:
            incl[m] += 1
n = len(events) or 1
print(f"{len(events)} samples")
for title, counter in (("threads", threads), ("top frame package", tops)):
    print(f"\n{title}:")
    for k, c in counter.most_common(15):
        print(f"  {100 * c / n:5.1f}%  {k}")
if os.environ.get("JFR_TOP"):
    print("\ntop frames:")
    for k, c in methods.most_common(int(os.environ["JFR_TOP"])):
        print(f"  {100 * c / n:5.1f}%  {k}")
print("\nstacks containing (inclusive):")
for m in markers:
    print(f"  {100 * incl[m] / n:5.1f}%  {m}")
if callee:
    print(f"\ncallers of {callee} (first frame outside java.*, share of all samples):")
    for k, c in callers.most_common(15):
        print(f"  {100 * c / n:5.1f}%  {k}")
