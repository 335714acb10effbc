# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that give the roles the rules of module_utils.

The *_problems filters (module_utils/inventory_rules) return a list of messages,
empty when all is well, so a role asserts `problems | length == 0` and prints
them. swarm_node_needs_update (module_utils/swarm_logic) tells a role whether a
node needs the swarm_node module at all.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.flotilla.swarm.plugins.module_utils import inventory_rules, swarm_logic
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
    return swarm_logic.node_needs_update(_plain(node), _plain(labels), labels_state, availability, role)


def swarm_removal_problems(nodes, node_ids):
    """{{ known_nodes | flotilla.swarm.swarm_removal_problems(ids_of_managers_marked_absent) }}"""
    return swarm_logic.removal_problems(_plain(list(nodes or [])), _plain(list(node_ids or [])))


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
        }
