# Callback plugin for `make bench` (scripts/bench.py): where a playbook run spends
# its time and how many tasks each host goes through. Writes JSON to the file named
# by FLOTILLA_BENCH_OUT when the run ends. Enabled only by the bench:
#   ANSIBLE_CALLBACK_PLUGINS=scripts/bench ANSIBLE_CALLBACKS_ENABLED=flotilla_bench
from __future__ import annotations

DOCUMENTATION = """
name: flotilla_bench
type: aggregate
short_description: Time per role and tasks per host, as JSON
description:
  - Adds up the wall time of the tasks of each role (the linear strategy runs one task at a time
    across all hosts, so the sums add up to the run) and counts, for each host, the task results
    it produced, skipped ones included.
requirements:
  - FLOTILLA_BENCH_OUT in the environment, the file to write
"""

import collections
import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "flotilla_bench"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._started = time.monotonic()
        self._seconds = collections.defaultdict(float)
        self._current = None
        self._rounds = collections.Counter()
        self._results = collections.defaultdict(collections.Counter)

    @staticmethod
    def _part(task):
        """The role a task belongs to, without the collection prefix; fact gathering on its own."""
        if task.action in ("gather_facts", "ansible.builtin.gather_facts", "setup", "ansible.builtin.setup"):
            return "facts"
        if task._role is None:
            return "playbook"
        return task._role.get_name().rsplit(".", 1)[-1]

    def _close(self):
        if self._current is not None:
            part, started = self._current
            self._seconds[part] += time.monotonic() - started
            self._current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        part = self._part(task)
        self._current = (part, time.monotonic())
        self._rounds[part] += 1

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _count(self, result, outcome):
        self._results[result._host.get_name()][outcome] += 1

    def v2_runner_on_ok(self, result):
        self._count(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_skipped(self, result):
        self._count(result, "skipped")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result, "ignored" if ignore_errors else "failed")

    def v2_runner_on_unreachable(self, result):
        self._count(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        self._close()
        out = os.environ.get("FLOTILLA_BENCH_OUT")
        if not out:
            return
        report = {
            "seconds": round(time.monotonic() - self._started, 2),
            "seconds_per_part": {k: round(v, 2) for k, v in sorted(self._seconds.items(), key=lambda kv: -kv[1])},
            "task_rounds_per_part": dict(self._rounds),
            "results_per_host": {host: dict(counts) for host, counts in sorted(self._results.items())},
            "recap": {host: stats.summarize(host) for host in sorted(stats.processed)},
        }
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=1)
