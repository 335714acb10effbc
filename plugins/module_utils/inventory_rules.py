# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of an inventory before any host changes (pure functions).

The roles reach them through the filters in plugins/filter/swarm.py; the modules
apply the same rules (check_labels, engine_labels, manager_count_problem) when they
act, so a value the preflight accepts is one the modules accept.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import engine_labels
from ansible_collections.flotilla.swarm.plugins.module_utils.quorum import manager_count_problem
from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_nodes import SpecError, check_labels


def _is_mapping(value):
    return isinstance(value, dict)


def label_problems(host, node_labels=None, daemon_labels=None):
    """Messages about a host's swarm node labels and engine labels (empty when both are fine)."""
    problems = []
    for variable, labels, check, example in (
            ('swarm_node_labels', node_labels, check_labels, '{zone: external}'),
            ('docker_daemon_labels', daemon_labels, engine_labels, '{storage: ssd}')):
        if labels is None:
            continue
        if not _is_mapping(labels):
            problems.append('%s of %s must map label keys to values, for example %s; got %r'
                            % (variable, host, example, labels))
            continue
        try:
            check(labels)
        except (SpecError, ValueError) as exc:
            problems.append('%s of %s: %s' % (variable, host, exc))
    return problems


def membership_problems(host, managers, workers, managers_group, workers_group, managers_absent=()):
    """Messages about where a host sits in the swarm groups. managers_absent: the managers marked
    swarm_node_state=absent; the first active manager left drives the swarm, so one must stay."""
    problems = []
    if not managers:
        problems.append("the group '%s' has no host: a swarm needs at least one manager" % managers_group)
    if host in managers and host in workers:
        problems.append("%s is in both '%s' and '%s': put it in one of them" % (host, managers_group, workers_group))
    elif host not in managers and host not in workers:
        problems.append("%s is in neither '%s' nor '%s'" % (host, managers_group, workers_group))
    if managers and all(manager in (managers_absent or ()) for manager in managers):
        problems.append("every host of '%s' is marked swarm_node_state=absent, but a swarm needs a manager: "
                        "keep at least one (more than one removed at once must keep the quorum)" % managers_group)
    return problems


def manager_count_problems(count, even_managers='fail', group='swarm_managers'):
    """The manager count's problem as a list: one message when it must stop the run."""
    problem = manager_count_problem(count)
    if problem is None or (count >= 1 and even_managers != 'fail'):
        return []
    if count >= 1:
        problem += " in '%s' (or set swarm_even_managers=warn)" % group
    return [problem]


def _count(name, value, minimum):
    if isinstance(value, bool):
        return None, '%s must be a whole number, got %r' % (name, value)
    try:
        number = int(str(value).strip())
    except ValueError:
        return None, '%s must be a whole number, got %r' % (name, value)
    if number < minimum:
        return None, '%s must be at least %d, got %d' % (name, minimum, number)
    return number, None


def lab_problems(managers, workers, even_managers='fail'):
    """Messages about the lab's size (flotilla_lab_managers / flotilla_lab_workers)."""
    problems = []
    manager_count, problem = _count('flotilla_lab_managers', managers, 1)
    if problem:
        problems.append(problem)
    _worker_count, problem = _count('flotilla_lab_workers', workers, 0)
    if problem:
        problems.append(problem)
    if manager_count is not None:
        problems.extend(manager_count_problems(manager_count, even_managers, 'flotilla_lab_managers'))
    return problems
