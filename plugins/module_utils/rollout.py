# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order in which a new engine configuration reaches the hosts (pure functions).

A setting can pass every check and still keep an engine from starting. So a new
daemon.json goes to one host first, the canary: written, its engine restarted, its API
and swarm membership back. Only then do the others follow, and when the canary fails it
is rolled back and no other host has been written.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def engine_rollout(plans):
    """{'canary': name or '', 'parallel': [names], 'rolling': [names]} from the hosts' plans, in play order.

    plans: [{'host': name, 'write': the host gets a new configuration, 'restart': its engine restarts,
             'manager': it is a swarm manager, 'rolling': it restarts drained, one at a time (a swarm node)}];
    after the canary, the others restart all at once (parallel) or one at a time (rolling); hosts with neither
    write nor restart are left out.
    The canary is the first host that gets a new configuration, a worker or a host outside a swarm
    before a manager: a setting that cannot work then meets one engine, and not one that keeps the
    swarm's quorum. Hosts that only restart (new certificates, a restart left pending) need no canary.
    """
    writers = [plan for plan in plans if plan.get('write')]
    canary = sorted(writers, key=lambda plan: bool(plan.get('manager')))[0]['host'] if writers else ''
    rest = [plan for plan in plans if (plan.get('write') or plan.get('restart')) and plan['host'] != canary]
    return {'canary': canary,
            'parallel': [plan['host'] for plan in rest if not plan.get('rolling')],
            'rolling': [plan['host'] for plan in rest if plan.get('rolling')]}
