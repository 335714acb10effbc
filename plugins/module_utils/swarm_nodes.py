# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The swarm's nodes (pure functions, no engine): a node's spec (labels, availability, role),
finding a node in the list, counting managers, the managers to join through, what removing
nodes would cost.

The engine replaces a node's whole spec on update (swarmkit: node.Spec = request.Spec), so every
change here starts from a copy of the full current spec and changes only the fields asked for."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.flotilla.swarm.plugins.module_utils.quorum import removal_problem

_LABEL_KEY_RE = re.compile(r'^[^\s=]+$')


class SpecError(ValueError):
    """Input that cannot become a valid node spec."""


def check_labels(labels):
    """Return labels with string values; raise SpecError on bad keys or values."""
    checked = {}
    for key, value in (labels or {}).items():
        if not isinstance(key, str) or not _LABEL_KEY_RE.match(key):
            raise SpecError("label key %r must be non-empty and contain no spaces or '='" % (key,))
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            raise SpecError('label %s: the value must be a string or a number, got %r' % (key, value))
        checked[key] = str(value)
    return checked


def wanted_labels(current, labels=None, labels_state='merge', labels_absent=None):
    """The node's labels after the change.

    merge: keep current labels, set the given ones; replace: exactly the given
    ones. labels_absent removes keys whatever their value (also "").
    """
    if labels_state not in ('merge', 'replace'):
        raise SpecError('labels_state must be merge or replace')
    result = {} if labels_state == 'replace' else dict(current or {})
    result.update(check_labels(labels))
    for key in labels_absent or []:
        result.pop(key, None)
    return result


def merge_node_spec(spec, labels=None, labels_state='merge', labels_absent=None, availability=None, role=None):
    """A full copy of spec with only the requested fields changed (Name kept)."""
    new = copy.deepcopy(spec or {})
    if labels is not None or labels_absent or labels_state == 'replace':
        new['Labels'] = wanted_labels(spec.get('Labels'), labels or {}, labels_state, labels_absent)
    if availability is not None:
        new['Availability'] = availability
    if role is not None:
        new['Role'] = role
    return new


def node_needs_update(node, labels=None, labels_state='merge', availability=None, role=None):
    """Whether setting labels, availability and role would change node (as the engine lists it).

    A missing node (not in this swarm) needs everything; labels that are not valid
    need the module, which says what is wrong with them.
    """
    if not node:
        return True
    spec = node.get('Spec') or {}
    try:
        wanted = merge_node_spec(spec, labels=labels, labels_state=labels_state, availability=availability, role=role)
    except SpecError:
        return True
    return any((wanted.get(key) or None) != (spec.get(key) or None) for key in ('Labels', 'Availability', 'Role'))


def spec_diff(before, after):
    """{'before': ..., 'after': ...} limited to the fields that differ (for --diff)."""
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {
        'before': dict((k, before.get(k)) for k in changed),
        'after': dict((k, after.get(k)) for k in changed),
    }


def find_node(nodes, ident):
    """The node whose ID, unique ID prefix, hostname or spec name is ident, else None.

    Raises SpecError when ident matches more than one node.
    """
    exact = [n for n in nodes if n.get('ID') == ident]
    if exact:
        return exact[0]
    named = [n for n in nodes
             if (n.get('Description') or {}).get('Hostname') == ident
             or (n.get('Spec') or {}).get('Name') == ident]
    if len(named) > 1:
        # Hostnames repeat when a host left and joined again; the down one is history.
        live = [n for n in named if (n.get('Status') or {}).get('State') != 'down']
        if len(live) == 1:
            return live[0]
        raise SpecError('%d nodes are named %r; address the node by its ID' % (len(named), ident))
    if named:
        return named[0]
    prefixed = [n for n in nodes if len(ident) >= 6 and n.get('ID', '').startswith(ident)]
    if len(prefixed) > 1:
        raise SpecError('node ID prefix %r is ambiguous' % ident)
    return prefixed[0] if prefixed else None


def manager_counts(nodes):
    """(managers, reachable managers) in a node list."""
    managers = [n for n in nodes if n.get('ManagerStatus')]
    reachable = [n for n in managers if n['ManagerStatus'].get('Reachability') == 'reachable']
    return len(managers), len(reachable)


def join_addrs(nodes, remote_managers, local=None):
    """Manager addresses (host:port) to join through. The engine joins through the first only, so
    it is the manager answering (local: its docker info Swarm section) at the address it
    advertises now; then the other reachable managers of the node list, the leader first. The
    node list and the engine's RemoteManagers can both name old addresses for a while after a
    restore (--force-new-cluster onto a host with a new address), so RemoteManagers are the
    fallback only when there is nothing else."""
    local = local or {}
    addrs = []
    own = next((n for n in nodes if local.get('NodeID') and n.get('ID') == local['NodeID']), None)
    if own and own.get('ManagerStatus') and local.get('NodeAddr'):
        port = (own['ManagerStatus'].get('Addr') or '').rpartition(':')[2] or '2377'
        host = local['NodeAddr']
        addrs.append('%s:%s' % ('[%s]' % host if ':' in host else host, port))
    others = [n['ManagerStatus'] for n in nodes
              if n is not own and (n.get('ManagerStatus') or {}).get('Reachability') == 'reachable'
              and n['ManagerStatus'].get('Addr')]
    for manager in sorted(others, key=lambda m: (not m.get('Leader'), m['Addr'])):
        if manager['Addr'] not in addrs:
            addrs.append(manager['Addr'])
    if addrs:
        return addrs
    return sorted(m['Addr'] for m in remote_managers or [] if m.get('Addr'))


def removal_problems(nodes, node_ids):
    """[message] when removing the managers among node_ids from the swarm of nodes (as a manager
    lists them) would leave no manager or lose quorum on the way; [] otherwise."""
    managers, reachable = manager_counts(nodes)
    removals = []
    for node in nodes:
        if node.get('ID') in (node_ids or []) and node.get('ManagerStatus'):
            removals.append(((node.get('Description') or {}).get('Hostname') or node['ID'],
                             node['ManagerStatus'].get('Reachability') == 'reachable'))
    if not removals:
        return []
    problem = removal_problem(managers, reachable, removals)
    return [problem] if problem else []


# Task states between "scheduled" and "running". "pending" is not among them: a task the scheduler
# cannot place (no node fits its constraints) stays pending, and waiting would not help it.
STARTING_STATES = ('new', 'allocated', 'assigned', 'accepted', 'preparing', 'ready', 'starting')


def tasks_starting(tasks, service_ids):
    """The tasks of these services that the swarm wants running and is still starting."""
    return [task for task in tasks
            if task.get('ServiceID') in service_ids
            and task.get('DesiredState') == 'running'
            and (task.get('Status') or {}).get('State') in STARTING_STATES]


def node_summary(node):
    """The facts a task needs about a node, without secrets."""
    spec = node.get('Spec') or {}
    manager = node.get('ManagerStatus') or {}
    return {
        'id': node.get('ID'),
        'hostname': (node.get('Description') or {}).get('Hostname'),
        'name': spec.get('Name', ''),
        'role': spec.get('Role'),
        'availability': spec.get('Availability'),
        'labels': spec.get('Labels') or {},
        'state': (node.get('Status') or {}).get('State'),
        'addr': (node.get('Status') or {}).get('Addr'),
        'leader': bool(manager.get('Leader')),
        'reachability': manager.get('Reachability'),
        'engine_labels': ((node.get('Description') or {}).get('Engine') or {}).get('Labels') or {},
        'version': (node.get('Version') or {}).get('Index'),
    }
