"""`make bench`: how long cluster.yml takes against the bare-shell way, by node count.

For each node count: the bare-shell baseline (scripts/bench/baseline.sh, its
median of --bare-runs runs), then playbooks/cluster.yml on a new lab (cold: no
node containers, no PKI) and again on the same lab (no-op: must report changed=0
on every host), without and with Consul. Prints a table of wall times, ratios and
the controller's CPU time, the time per role and the tasks per host of the no-op
run; writes .build/bench/bench.json, docs/bench.png (time against node count) and
the bench section of docs/performance.md.

    python scripts/bench.py [--nodes 3 11 21] [--consul no yes] [--bare-runs 3] [--no-report]
    python scripts/bench.py --report-from .build/bench/bench.json
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAB = "bench"
IMAGE = "flotilla/lab-node:trixie"
OUT_DIR = ROOT / ".build" / "bench"
PLOT = ROOT / "docs" / "bench.png"
REPORT = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
# The lab inventory without its docker_containers source, so a running `make cluster`
# lab is not swept into the bench's plays; its group_vars still apply.
INVENTORY = "inventories/lab/hosts.yml"

TARGETS = (
    "cold 11 nodes <= 6x bare shell",
    "no-op 11 nodes <= 20 % of cold",
    "no-op <= 12 tasks per host",
    "cold 21 nodes <= 1.6x cold 11 nodes",
    "cold 11 nodes with Consul <= 1.5x without",
    "no-op 11 nodes with Consul <= 1.3x without",
    "no-op with Consul <= 16 tasks per host",
)


def ansible_env(stats_file):
    env = dict(os.environ)
    env.update(
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ANSIBLE_CALLBACK_PLUGINS=str(ROOT / "scripts" / "bench"),
        ANSIBLE_CALLBACKS_ENABLED="flotilla_bench",
        FLOTILLA_BENCH_OUT=str(stats_file),
    )
    return env


def lab_args(nodes, consul):
    return [
        "-i", INVENTORY,
        "-e", f"flotilla_lab_name={LAB}",
        "-e", f"flotilla_lab_workers={nodes - 1}",
        "-e", f"flotilla_consul={str(consul).lower()}",
    ]


def children_cpu():
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_measured(cmd, log, env=None):
    """Run cmd with its output in log; return its wall time and the CPU time (user + sys) of it and
    everything it waited for, or stop the bench when it fails.

    The CPU time is the controller's part (ansible-playbook, its workers, the `docker exec` clients),
    not the nodes' containers: the part a change to the playbooks can move, and one the machine's
    slow spells move much less than the wall time."""
    started, cpu_before = time.monotonic(), children_cpu()
    with open(log, "w", encoding="utf-8") as handle:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    seconds, cpu = time.monotonic() - started, children_cpu() - cpu_before
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (rc {done.returncode}); see {log}")
    return round(seconds, 1), round(cpu, 1)


def run(cmd, log, env=None):
    return run_measured(cmd, log, env)[0]


def teardown(nodes, consul, tag):
    run(["ansible-playbook", "playbooks/teardown.yml"] + lab_args(nodes, consul), OUT_DIR / f"{tag}-teardown.log")
    shutil.rmtree(pathlib.Path.home() / ".flotilla" / "pki" / LAB, ignore_errors=True)


def converge(nodes, consul, tag):
    stats = OUT_DIR / f"{tag}.json"
    wall, cpu = run_measured(["ansible-playbook", "playbooks/cluster.yml"] + lab_args(nodes, consul),
                             OUT_DIR / f"{tag}.log", env=ansible_env(stats))
    report = json.loads(stats.read_text(encoding="utf-8"))
    report["wall"], report["cpu"] = wall, cpu
    nodes_only = {h: r for h, r in report["results_per_host"].items() if h != "localhost"}
    report["tasks_per_host_max"] = max(sum(r.values()) for r in nodes_only.values())
    report["changed"] = sum(r["changed"] for h, r in report["recap"].items())
    return report


def bench_one(nodes, consul, bare):
    tag = f"{nodes}-{'consul' if consul else 'plain'}"
    print(f"== {nodes} nodes, consul {'yes' if consul else 'no'}", flush=True)
    teardown(nodes, consul, tag)
    cold = converge(nodes, consul, f"{tag}-cold")
    print(f"   cold {cold['wall']} s (controller CPU {cold['cpu']} s)", flush=True)
    again = converge(nodes, consul, f"{tag}-noop")
    print(f"   no-op {again['wall']} s (controller CPU {again['cpu']} s), changed={again['changed']}", flush=True)
    teardown(nodes, consul, tag)
    median, runs = bare
    return {"nodes": nodes, "consul": consul, "baseline": median, "baseline_runs": runs, "cold": cold, "noop": again}


def baseline(nodes, runs):
    """The bare shell's median of `runs` runs: one run of the same script varies by half its time
    on a busy 2-core machine, and every ratio below is taken against it."""
    seconds = []
    for attempt in range(1, runs + 1):
        subprocess.run(["bash", "scripts/bench/baseline.sh", "clean"], cwd=ROOT, check=True)
        seconds.append(run(["bash", "scripts/bench/baseline.sh", str(nodes), IMAGE],
                           OUT_DIR / f"{nodes}-bare-{attempt}.log"))
    subprocess.run(["bash", "scripts/bench/baseline.sh", "clean"], cwd=ROOT, check=True)
    median = round(statistics.median(seconds), 1)
    print(f"== {nodes} nodes, bare shell {median} s (median of {' / '.join(map(str, seconds))} s)", flush=True)
    return median, seconds


def prepare_host():
    """A 1-node lab, untimed: it builds the node image if it is missing and raises the host's
    inotify limits (lab_dind_host_sysctls), which the bare-shell baseline needs as much."""
    print("== preparing this machine with a 1-node lab (not timed)", flush=True)
    run(["ansible-playbook", "playbooks/lab.yml"] + lab_args(1, False), OUT_DIR / "prepare.log")
    teardown(1, False, "prepare")


def machine():
    def out(cmd):
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()

    os_name = re.search(r'^PRETTY_NAME="?([^"\n]*)', pathlib.Path("/etc/os-release").read_text(), re.M)
    cpu = re.search(r"^model name\s*:\s*(.*)$", pathlib.Path("/proc/cpuinfo").read_text(), re.M)
    return {
        "cores": os.cpu_count(),
        "cpu": cpu.group(1) if cpu else platform.machine(),
        "os": os_name.group(1) if os_name else platform.system(),
        "kernel": platform.release(),
        "docker": out(["docker", "version", "--format", "{{.Server.Version}}"]),
        "ansible_core": out(["ansible", "--version"]).splitlines()[0],
        "forks": 20,
    }


def ratio(a, b):
    return round(a / b, 2) if b else None


def bare_cell(r):
    runs = r.get("baseline_runs", [])
    return f"{r['baseline']} s ({min(runs)}–{max(runs)})" if len(runs) > 1 else f"{r['baseline']} s"


def cpu_cell(run_report):
    return f"{run_report['cpu']} s" if "cpu" in run_report else "–"


def table(results):
    lines = [
        "| nodes | Consul | bare shell (median, range) | cold | cold / bare | no-op | no-op / cold "
        "| controller CPU cold / no-op | tasks per host (no-op, max) | changed (no-op) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cold, noop = r["cold"], r["noop"]
        lines.append(
            f"| {r['nodes']} | {'yes' if r['consul'] else 'no'} | {bare_cell(r)} | {cold['wall']} s "
            f"| {ratio(cold['wall'], r['baseline'])}x | {noop['wall']} s | {round(100 * noop['wall'] / cold['wall'])} % "
            f"| {cpu_cell(cold)} / {cpu_cell(noop)} | {noop['tasks_per_host_max']} | {noop['changed']} |"
        )
    return lines


def role_table(result):
    cold, noop = result["cold"]["seconds_per_part"], result["noop"]["seconds_per_part"]
    rounds = result["noop"]["task_rounds_per_part"]
    lines = [
        f"Time per role, {result['nodes']} nodes, Consul {'yes' if result['consul'] else 'no'}:",
        "",
        "| part | cold | no-op | task rounds (no-op) |",
        "|---|---:|---:|---:|",
    ]
    for part in sorted(set(cold) | set(noop), key=lambda p: -cold.get(p, 0)):
        lines.append(f"| {part} | {cold.get(part, 0)} s | {noop.get(part, 0)} s | {rounds.get(part, 0)} |")
    return lines


def targets(results):
    by = {(r["nodes"], r["consul"]): r for r in results}
    checks = []
    r11, r21 = by.get((11, False)), by.get((21, False))
    if r11:
        checks.append((TARGETS[0], ratio(r11["cold"]["wall"], r11["baseline"]), 6))
        checks.append((TARGETS[1], ratio(r11["noop"]["wall"], r11["cold"]["wall"]), 0.2))
        checks.append((TARGETS[2], r11["noop"]["tasks_per_host_max"], 12))
    if r11 and r21:
        checks.append((TARGETS[3], ratio(r21["cold"]["wall"], r11["cold"]["wall"]), 1.6))
    c11 = by.get((11, True))
    if r11 and c11:
        checks.append((TARGETS[4], ratio(c11["cold"]["wall"], r11["cold"]["wall"]), 1.5))
        checks.append((TARGETS[5], ratio(c11["noop"]["wall"], r11["noop"]["wall"]), 1.3))
    if c11:
        checks.append((TARGETS[6], c11["noop"]["tasks_per_host_max"], 16))
    return [f"- {name}: {value} ({'met' if value <= limit else 'NOT met'})" for name, value, limit in checks]


def plot(results, path):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=100)
    for consul in (False, True):
        rows = [r for r in results if r["consul"] == consul]
        if not rows:
            continue
        x = [r["nodes"] for r in rows]
        suffix = ", Consul" if consul else ""
        style = "--" if consul else "-"
        ax.plot(x, [r["cold"]["wall"] for r in rows], style, marker="o", color="tab:red", label="cluster.yml cold" + suffix)
        ax.plot(x, [r["noop"]["wall"] for r in rows], style, marker="s", color="tab:blue", label="cluster.yml no-op" + suffix)
    bare = sorted({r["nodes"]: r["baseline"] for r in results}.items())
    ax.plot([nodes for nodes, seconds in bare], [seconds for nodes, seconds in bare], ":", marker="^",
            color="tab:gray", label="bare shell")
    ax.set_xlabel("nodes (1 manager)")
    ax.set_ylabel("seconds")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def report(data):
    m = data["machine"]
    lines = [
        f"`make bench`, {data['date']}: {m['cores']} cores ({m['cpu']}), {m['os']}, kernel {m['kernel']}, "
        f"Docker {m['docker']}, {m['ansible_core']}, forks {m['forks']}; node image {IMAGE}, 1 manager.",
        "",
    ]
    lines += table(data["results"]) + [""]
    for consul in (False, True):
        rows = [r for r in data["results"] if r["consul"] == consul]
        if rows:
            lines += role_table(max(rows, key=lambda r: r["nodes"])) + [""]
    checks = targets(data["results"])
    if checks:
        lines += ["Targets:", ""] + checks + [""]
    lines.append(f"![cluster.yml time against node count]({PLOT.relative_to(REPORT.parent)})")
    return lines


def update_report(lines):
    text = REPORT.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    REPORT.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, nargs="+", default=[3, 11, 21])
    parser.add_argument("--consul", choices=["no", "yes"], nargs="+", default=["no", "yes"])
    parser.add_argument("--bare-runs", type=int, default=3, metavar="N",
                        help="runs of the bare-shell baseline per node count; the table takes their median")
    parser.add_argument("--no-report", action="store_true", help="leave docs/performance.md and docs/bench.png alone")
    parser.add_argument("--report-from", type=pathlib.Path, metavar="BENCH_JSON",
                        help="run nothing: write docs/performance.md and docs/bench.png from a saved bench.json")
    args = parser.parse_args()
    if args.bare_runs < 1:
        parser.error("--bare-runs must be 1 or more")
    if args.report_from:
        data = json.loads(args.report_from.read_text(encoding="utf-8"))
        lines = report(data)
        plot(data["results"], PLOT)
        update_report(lines)
        print("\n".join(lines))
        return

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    prepare_host()
    baselines = {n: baseline(n, args.bare_runs) for n in args.nodes}
    results = [bench_one(n, c == "yes", baselines[n]) for c in args.consul for n in args.nodes]
    data = {"date": datetime.date.today().isoformat(), "machine": machine(), "results": results}
    (OUT_DIR / "bench.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    lines = report(data)
    print("\n".join(lines))
    if not args.no_report:
        plot(results, PLOT)
        update_report(lines)
    print(f"\nbench: results in {OUT_DIR / 'bench.json'}")


if __name__ == "__main__":
    main()
