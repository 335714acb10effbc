# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the swarm role does in a run, decided from the hosts' reads and the inventory (pure functions).

The role reads each host once (the daemon_state module: its engine's swarm state and, on a
manager, the node list), then asks plan() what the swarm needs and node_changes() what one node
needs; its tasks act on the answers. A plan is recomputed from the same inputs at each point of
the run (after an unlock, after the first manager lists the nodes again), so it always answers
for the swarm as the run last saw it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.flotilla.swarm.plugins.module_utils.swarm_nodes import node_needs_update

IPVS_PATH = '/sys/module/ip_vs'


def active_managers(names, swarms, engine_names=None, leader=None):
    """Those of names whose engine is an active manager of its swarm, in their order.

    swarms maps a host name to its engine's Swarm section (GET /info); hosts without one are
    skipped. With leader (the leader's engine host name, engine_names mapping host names to
    theirs) the followers come first: stopping one for a backup leaves the leader in place.
    """
    active = [name for name in names if (swarms.get(name) or {}).get('ControlAvailable')]
    if leader:
        engine_names = engine_names or {}
        active = [name for name in active if engine_names.get(name) != leader] + \
            [name for name in active if engine_names.get(name) == leader]
    return active


def active_manager(names, swarms):
    """The first of names whose engine is an active manager of its swarm, or ''."""
    return (active_managers(names, swarms) or [''])[0]


def first_manager(managers, swarms, absent):
    """The manager that initialises the swarm and drives every change.

    The first of the managers whose engine is an active manager (a replacement host listed first
    joins, it does not start a second swarm), else the first of the managers; never one marked
    absent while another stays.
    """
    staying = [name for name in managers if name not in absent] or list(managers)
    return active_manager(staying, swarms) or (staying[0] if staying else '')


def manager_plan(managers, hosts):
    """The part of a plan that needs only the managers: first_manager, managers_absent, manager_count.

    hosts maps at least each manager to its state and swarm (as plan() takes them). The role asks this
    where it needs no more (which manager to delegate to, the inventory's checks): reading only the
    managers' variables costs a fraction of reading every host's.
    """
    def state(name):
        return (hosts.get(name) or {}).get('state') or 'present'

    absent = [name for name in managers if state(name) == 'absent']
    swarms = dict((name, (hosts.get(name) or {}).get('swarm') or {}) for name in managers)
    return {
        'first_manager': first_manager(managers, swarms, absent),
        'managers_absent': absent,
        'manager_count': len([name for name in managers if state(name) == 'present']),
    }


def stale_nodes(nodes, play_node_ids, play_hosts, unread_names):
    """Node entries no host stands for any more, none of them the current node of a host of this play.

    Those the swarm lists as down, unless named after an inventory host this play could not read
    (unreachable, or outside --limit); and those not ready that are named after a host of this
    play, which is in the swarm under another node ID or about to join (a host that joined again,
    or a restore: the restored manager lists the old nodes as unknown until their heartbeats expire).
    """
    stale = []
    for node in nodes:
        state = (node.get('Status') or {}).get('State')
        hostname = (node.get('Description') or {}).get('Hostname')
        if state == 'ready' or node.get('ID') in play_node_ids:
            continue
        if state == 'down' and hostname not in unread_names:
            stale.append(node)
        elif state != 'down' and hostname in play_hosts:
            stale.append(node)
    return stale


def plan(managers, workers, play_hosts, hosts, nodes=None, autolock=False, unlock_key_stored=False,
         warn_missing_ipvs=True, remove_stale=True):
    """The swarm-wide part of a run.

    hosts maps each inventory host of both groups to what the run knows of it:
      state     'present' or 'absent' (swarm_node_state)
      swarm     its engine's Swarm section as first read (None when not read)
      unlocked  its Swarm section after this run unlocked it (None otherwise)
      ipvs      whether its kernel has IPVS (None when not read)
      nodes     the node list its read answered (None: not a manager, locked, or not read)
      current   whether that read still answers for its engine (no engine changed since)
    nodes is the node list as the first manager answered it later in the run (the role lists them
    again when it changes something); None: the first manager's read answers, when it is current.
    Without either the node list is not known (no swarm yet, the first manager locked, or its
    list out of date) and every node is looked at.

    Returns a dict: first_manager, managers_absent (and their node IDs as this play read them),
    manager_count, nodes_known, nodes, node_ids, up_node_ids, stale_nodes, spec_before (the first
    manager's swarm settings), autolock_change, unlock_key_missing, hosts_without_ipvs, finish (why
    autolock, the unlock key or stale entries need the first manager, as phrases; stale entries
    only with remove_stale) and first_manager_work (why the first manager has something to do
    besides its own node).
    """
    def swarm(name):
        return (hosts.get(name) or {}).get('swarm') or {}

    managed = manager_plan(managers, hosts)
    first, absent = managed['first_manager'], managed['managers_absent']
    if nodes is None and (hosts.get(first) or {}).get('current', True):
        nodes = (hosts.get(first) or {}).get('nodes')
    known = nodes is not None
    nodes = list(nodes or [])
    play_node_ids = set()
    for name in play_hosts:
        host = hosts.get(name) or {}
        for section in (host.get('swarm'), host.get('unlocked')):
            if section and section.get('NodeID'):
                play_node_ids.add(section['NodeID'])
    unread = [name for name in list(managers) + list(workers) if name not in play_hosts]
    stale = stale_nodes(nodes, play_node_ids, play_hosts, unread)
    spec_before = (swarm(first).get('Cluster') or {}).get('Spec') or {}
    without_ipvs = [name for name in play_hosts if (hosts.get(name) or {}).get('ipvs') is False]

    autolock_change = bool((spec_before.get('EncryptionConfig') or {}).get('AutoLockManagers')) != bool(autolock)
    unlock_key_missing = bool(autolock) and not unlock_key_stored
    settings = []
    if autolock_change:
        settings.append('autolock is to be turned %s' % ('on' if autolock else 'off'))
    if unlock_key_missing:
        settings.append('the unlock key is not kept on the controller')
    finish = settings + (['%d node entries no host stands for' % len(stale)] if stale and remove_stale else [])
    not_ready = [node for node in nodes if (node.get('Status') or {}).get('State') != 'ready']
    work = settings + (['%d nodes are not ready' % len(not_ready)] if not_ready else []) \
        + (['hosts without IPVS to warn about'] if warn_missing_ipvs and without_ipvs else [])

    return {
        'first_manager': first,
        'managers_absent': absent,
        'managers_absent_node_ids': [swarm(name).get('NodeID') for name in absent
                                     if name in play_hosts and swarm(name).get('NodeID')],
        'manager_count': managed['manager_count'],
        'nodes_known': known,
        'nodes': nodes,
        'node_ids': [node.get('ID') for node in nodes],
        'up_node_ids': [node.get('ID') for node in nodes if (node.get('Status') or {}).get('State') != 'down'],
        'stale_nodes': stale,
        'spec_before': spec_before,
        'autolock_change': autolock_change,
        'unlock_key_missing': unlock_key_missing,
        'hosts_without_ipvs': without_ipvs,
        'finish': finish,
        'first_manager_work': work,
    }


def node_changes(swarm_plan, swarm, state='present', role='worker', labels=None, labels_state='merge',
                 availability='active'):
    """Why a node needs the swarm role's changes (join, initialise, role, labels, availability, removal).

    swarm is the node's engine Swarm section as the run last saw it; the rest is what the inventory
    asks for it. An empty list: the node is in the swarm as asked.
    """
    if state == 'absent':
        return ['it is marked absent']
    swarm = swarm or {}
    local_state = swarm.get('LocalNodeState') or 'inactive'
    if local_state != 'active':
        return ['its engine is %s, not an active swarm node' % local_state]
    if not swarm_plan.get('nodes_known'):
        return ['the node list is not known']
    node_id = swarm.get('NodeID')
    if node_id not in swarm_plan.get('up_node_ids', []):
        return ['the swarm lists it as down or not at all']
    return [] if not node_needs_update(_node(swarm_plan, node_id), labels, labels_state, availability, role) \
        else ['its role, labels or availability differ']


def change_reasons(swarm_plan, host, swarm, state='present', role='worker', labels=None, labels_state='merge',
                   availability='active'):
    """Why the swarm role's change.yml has work on host: its node_changes and, on the first manager, the
    swarm's own (first_manager_work). An empty list: nothing to do there. One plan answers both."""
    reasons = node_changes(swarm_plan, swarm, state, role, labels, labels_state, availability)
    if host == swarm_plan.get('first_manager'):
        reasons = reasons + list(swarm_plan.get('first_manager_work') or [])
    return reasons


def _node(swarm_plan, node_id):
    for node in swarm_plan.get('nodes') or []:
        if node.get('ID') == node_id:
            return node
    return None
