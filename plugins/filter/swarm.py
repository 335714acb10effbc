# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that give the roles the rules of module_utils.

The *_problems filters (module_utils/inventory_rules) return a list of messages,
empty when all is well, so a role asserts `problems | length == 0` and prints
them. swarm_node_needs_update (module_utils/swarm_nodes) tells a role whether a
node needs the swarm_node module at all. swarm_plan, swarm_manager_plan (its managers'
part, for less reading) and swarm_node_changes (module_utils/swarm_plan) are the swarm
role's decisions.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils import inventory_rules, swarm_nodes, swarm_plan as plans
from ansible_collections.flotilla.swarm.plugins.plugin_utils.plain_values import plain as _plain


def swarm_label_problems(host, node_labels=None, daemon_labels=None):
    """{{ inventory_hostname | flotilla.swarm.swarm_label_problems(swarm_node_labels, docker_daemon_labels) }}"""
    return inventory_rules.label_problems(host, _plain(node_labels), _plain(daemon_labels))


def swarm_membership_problems(host, managers, workers, managers_group='swarm_managers',
                              workers_group='swarm_workers', managers_absent=None):
    """{{ inventory_hostname | flotilla.swarm.swarm_membership_problems(groups[m], groups[w], m, w, absent) }}"""
    return inventory_rules.membership_problems(host, _plain(list(managers or [])), _plain(list(workers or [])),
                                               managers_group, workers_group, _plain(list(managers_absent or [])))


def swarm_manager_count_problems(count, even_managers='fail', group='swarm_managers'):
    """{{ manager_count | flotilla.swarm.swarm_manager_count_problems(swarm_even_managers, group) }}"""
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise AnsibleFilterError('swarm_manager_count_problems: %r is not a number' % (count,))
    return inventory_rules.manager_count_problems(count, even_managers, group)


def swarm_lab_problems(managers, workers, even_managers='fail'):
    """{{ flotilla_lab_managers | flotilla.swarm.swarm_lab_problems(flotilla_lab_workers, swarm_even_managers) }}"""
    return inventory_rules.lab_problems(_plain(managers), _plain(workers), even_managers)


def swarm_node_needs_update(node, labels=None, labels_state='merge', availability=None, role=None):
    """{{ node | flotilla.swarm.swarm_node_needs_update(swarm_node_labels, 'merge', 'active', 'worker') }}"""
    return swarm_nodes.node_needs_update(_plain(node), _plain(labels), labels_state, availability, role)


def swarm_removal_problems(nodes, node_ids):
    """{{ known_nodes | flotilla.swarm.swarm_removal_problems(ids_of_managers_marked_absent) }}"""
    return swarm_nodes.removal_problems(_plain(list(nodes or [])), _plain(list(node_ids or [])))


def swarm_hosts(groups, hostvars, managers_group='swarm_managers', workers_group='swarm_workers', state='present',
                switch=None):
    """{{ groups | flotilla.swarm.swarm_hosts(hostvars, m, w, 'present', 'flotilla_consul') }}

    A play's hosts without a task to sort them: the hosts of both groups (managers first, each once) whose
    swarm_node_state (default present) is state and, with switch, whose variable of that name is true (default true).
    """
    names = []
    for name in list(groups.get(managers_group) or []) + list(groups.get(workers_group) or []):
        if name in names:
            continue
        # No hostvars when the hosts of a play are templated for --syntax-check.
        host = hostvars.get(name) or {}
        if str(host.get('swarm_node_state', 'present')) != state:
            continue
        if switch and not boolean(host.get(switch, True), strict=False):
            continue
        names.append(str(name))
    return names


def _host_view(host):
    """What module_utils/swarm_plan needs of one host's variables (the swarm role's registered reads)."""
    read = host.get('swarm_host') or {}
    unlocked = host.get('swarm_unlocked') or {}
    exists = read.get('exists') or {}
    return {
        'state': host.get('swarm_node_state', 'present'),
        'swarm': (read.get('engine') or {}).get('Swarm'),
        'unlocked': unlocked.get('swarm'),
        'ipvs': exists.get(plans.IPVS_PATH) if plans.IPVS_PATH in exists else None,
        'nodes': read.get('nodes'),
        # A read cluster.yml made is out of date once the docker_daemon role changed an engine.
        'current': not (read.get('reused') and host.get('docker_daemon_play_applied')),
    }


def swarm_plan(hostvars, managers, workers, play_hosts, nodes=None, autolock=False, unlock_key_stored=False,
               warn_missing_ipvs=True, remove_stale=True):
    """{{ hostvars | flotilla.swarm.swarm_plan(groups[m], groups[w], ansible_play_hosts, listed_nodes, ...) }}"""
    managers, workers, play_hosts = [_plain(list(names or [])) for names in (managers, workers, play_hosts)]
    hosts = {}
    for name in managers + workers:
        # No hostvars when the hosts of a play are templated for --syntax-check.
        hosts[name] = _plain(_host_view(hostvars.get(name) or {}))
    return plans.plan(managers, workers, play_hosts, hosts, _plain(nodes), boolean(autolock, strict=False),
                      boolean(unlock_key_stored, strict=False), boolean(warn_missing_ipvs, strict=False),
                      boolean(remove_stale, strict=False))


def swarm_manager_plan(hostvars, managers):
    """{{ hostvars | flotilla.swarm.swarm_manager_plan(groups[m]) }}

    The plan's first_manager, managers_absent and manager_count, from the managers' variables alone.
    """
    managers = _plain(list(managers or []))
    hosts = dict((name, _plain(_host_view(hostvars.get(name) or {}))) for name in managers)
    return plans.manager_plan(managers, hosts)


def swarm_active_managers(names, hostvars, read='swarm_host', leader=None):
    """{{ ansible_play_hosts | flotilla.swarm.swarm_active_managers(hostvars, 'flotilla_host') | first | default('') }}

    The hosts whose read (the daemon_state result registered as read) says their engine is an active manager;
    with leader (an engine host name), the followers first.
    """
    names = _plain(list(names or []))
    swarms, engine_names = {}, {}
    for name in names:
        engine = ((hostvars.get(name) or {}).get(read) or {}).get('engine') or {}
        swarms[name] = _plain(engine.get('Swarm'))
        engine_names[name] = _plain(engine.get('Name'))
    return plans.active_managers(names, swarms, engine_names, _plain(leader))


def swarm_node_changes(swarm, plan, state='present', role='worker', labels=None, labels_state='merge',
                       availability='active'):
    """{{ swarm_local | flotilla.swarm.swarm_node_changes(swarm_plan, swarm_node_state, role, labels, ...) }}"""
    return plans.node_changes(_plain(plan), _plain(swarm), state, role, _plain(labels), labels_state, availability)


def swarm_change_reasons(plan, host, swarm, state='present', role='worker', labels=None, labels_state='merge',
                         availability='active'):
    """{{ swarm_plan | flotilla.swarm.swarm_change_reasons(inventory_hostname, swarm_local, swarm_node_state, role, ...) }}

    The plan is worked out once for the answer (each use of swarm_plan in a template works it out again,
    reading every host's variables).
    """
    return plans.change_reasons(_plain(plan), _plain(host), _plain(swarm), state, role, _plain(labels), labels_state,
                                availability)


class FilterModule(object):

    def filters(self):
        return {
            'swarm_label_problems': swarm_label_problems,
            'swarm_membership_problems': swarm_membership_problems,
            'swarm_manager_count_problems': swarm_manager_count_problems,
            'swarm_lab_problems': swarm_lab_problems,
            'swarm_node_needs_update': swarm_node_needs_update,
            'swarm_removal_problems': swarm_removal_problems,
            'swarm_hosts': swarm_hosts,
            'swarm_plan': swarm_plan,
            'swarm_manager_plan': swarm_manager_plan,
            'swarm_active_managers': swarm_active_managers,
            'swarm_node_changes': swarm_node_changes,
            'swarm_change_reasons': swarm_change_reasons,
        }
