# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a host joins, leaves or rejoins a swarm, and the CA digest a join token carries
(pure functions, no engine)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib

_BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'


def ca_digest_from_pem(pem):
    """The root CA digest as join tokens carry it: SHA-256 of the PEM bytes, base 36, 50 chars.

    swarmkit digests the root CA certificate bundle exactly as stored
    (<data root>/swarm/certificates/swarm-root-ca.crt).
    """
    if isinstance(pem, str):
        pem = pem.encode('ascii')
    if b'-----BEGIN CERTIFICATE-----' not in pem:
        raise ValueError('not a PEM certificate')
    number = int(hashlib.sha256(pem).hexdigest(), 16)
    digits = ''
    while number:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
    return digits.rjust(50, '0')


def plan_join(local_state, is_manager, same_swarm, want_role, leave_foreign=False, listed=None, unlock_key=False):
    """What to do to make the local engine a member of the target swarm in want_role.

    local_state: Swarm.LocalNodeState of /info (inactive, pending, active, error, locked).
    same_swarm: True/False when the node is in a swarm and its root CA could be read, else None
        (then only listed=True shows the node is in the target swarm).
    listed: whether the target swarm's node list holds this node's ID (None: unknown).
        A node removed by a manager keeps believing it is an active member.
    unlock_key: whether the caller has an unlock key. A locked node reports no node ID, so
        it cannot be told apart from a removed one; without a key only leave_foreign moves it.
    Returns (action, reason) with action one of: none, join, rejoin, unlock, fail.
    """
    if local_state == 'inactive':
        return 'join', 'the node is in no swarm'
    if local_state in ('pending', 'error'):
        return 'rejoin', 'the node is stuck in the %s state: it leaves and joins again' % local_state
    if local_state == 'locked':
        if leave_foreign and not unlock_key:
            return 'rejoin', ('the node is locked, no unlock key was given and leave_foreign is set: '
                              'it leaves and joins again')
        return 'unlock', 'the node is a locked manager and needs the unlock key'
    if local_state != 'active':
        return 'fail', 'unknown local node state %r' % local_state
    if same_swarm is None and listed is not True:
        # Without the CA, only the target's node list can vouch for membership.
        if leave_foreign:
            return 'rejoin', ('the node is in a swarm that cannot be identified and leave_foreign is set: '
                              'it leaves and joins again')
        return 'fail', ('the node is in a swarm, but neither its root CA (a worker reached through a remote '
                        'docker_host) nor the target swarm\'s node list (swarm_node_ids) shows which one; '
                        'pass swarm_node_ids, run the module on the node itself, or set leave_foreign')
    if same_swarm is False:
        if leave_foreign:
            return 'rejoin', 'the node is in another swarm and leave_foreign is set: it leaves that swarm'
        return 'fail', ('the node is already in another swarm; set leave_foreign (or run '
                        '"docker swarm leave --force" on it) to move it to this one')
    if listed is False:
        return 'rejoin', 'the swarm no longer lists this node (it was removed): it leaves and joins again'
    current_role = 'manager' if is_manager else 'worker'
    if current_role != want_role:
        return 'fail', ('the node is in this swarm as a %s, not a %s: change its role from a manager '
                        '(flotilla.swarm.swarm_node role=%s)' % (current_role, want_role, want_role))
    return 'none', 'the node is already a %s of this swarm' % current_role
