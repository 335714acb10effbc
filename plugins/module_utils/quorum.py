# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raft quorum arithmetic for swarm managers (pure functions)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def quorum(managers):
    """Managers that must be reachable for the swarm to accept changes."""
    if managers < 1:
        raise ValueError('a swarm needs at least one manager')
    return managers // 2 + 1


def fault_tolerance(managers):
    """Managers that may fail while the swarm keeps its quorum."""
    return managers - quorum(managers)


def removal_keeps_quorum(managers, reachable, target_reachable=True):
    """Whether taking one manager out leaves a quorum of the new, smaller set.

    Mirrors raft's CanRemoveMember: after the removal there are managers-1
    members, and those still up (reachable, less the target when it was up)
    must be a majority of them.
    """
    if reachable > managers:
        raise ValueError('more reachable managers (%d) than managers (%d)' % (reachable, managers))
    if managers <= 1:
        return False
    still_up = reachable - 1 if target_reachable else reachable
    return still_up >= quorum(managers - 1)


def manager_count_problem(managers):
    """A message when a manager count is a poor choice, else None."""
    if managers < 1:
        return 'a swarm needs at least one manager'
    if managers % 2 == 0:
        return (
            '%d managers tolerate no more failures than %d (both tolerate %d): '
            'use an odd number of managers' % (managers, managers - 1, fault_tolerance(managers))
        )
    return None


def removal_problem(managers, reachable, removals):
    """A message when taking the managers in removals out, in that order, leaves no manager or
    loses quorum on the way; else None. removals: (name, reachable) pairs."""
    for name, up in removals:
        if managers <= 1:
            return ('removing %s would leave the swarm without a manager: promote another node '
                    '(put it in the managers group) first' % name)
        if not removal_keeps_quorum(managers, reachable, target_reachable=up):
            return ('removing %s would lose the raft quorum (%d managers, %d reachable): bring the unreachable '
                    'managers back first, or remove fewer managers at a time' % (name, managers, reachable))
        managers -= 1
        reachable -= 1 if up else 0
    return None
