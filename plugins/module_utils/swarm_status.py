# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The swarm as a manager sees it, made plain (pure functions, no engine)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Task states that hold (or are about to hold) a container on the node.
_PLACED_STATES = ('new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running')


def _image(spec):
    image = ((spec.get('TaskTemplate') or {}).get('ContainerSpec') or {}).get('Image', '')
    return image.split('@', 1)[0]


def _ports(service):
    ports = ((service.get('Endpoint') or {}).get('Ports')) or []
    return ['%s:%s/%s' % (p.get('PublishedPort', ''), p.get('TargetPort', ''), p.get('Protocol', 'tcp')) for p in ports]


def cluster_status(nodes, services, tasks):
    """{'leader', 'nodes', 'services'} from the engine's node, service and task lists.

    Each node carries the tasks placed on it (service name, slot, state); each service its
    desired and running replica counts and the nodes its running tasks are on.
    """
    names = dict((s['ID'], (s.get('Spec') or {}).get('Name', s['ID'])) for s in services)
    hostnames = dict((n['ID'], (n.get('Description') or {}).get('Hostname', n['ID'])) for n in nodes)
    placed = {}
    running = {}
    wanted = {}
    running_on = {}
    for task in tasks:
        if task.get('DesiredState') != 'running':
            continue
        service = names.get(task.get('ServiceID'), task.get('ServiceID'))
        state = (task.get('Status') or {}).get('State', '')
        wanted[service] = wanted.get(service, 0) + 1
        if state == 'running':
            running[service] = running.get(service, 0) + 1
            running_on.setdefault(service, set()).add(hostnames.get(task.get('NodeID'), task.get('NodeID')))
        if task.get('NodeID') and state in _PLACED_STATES:
            placed.setdefault(task['NodeID'], []).append(
                {'service': service, 'slot': task.get('Slot') or 0, 'state': state})

    result_nodes = []
    leader = ''
    for node in nodes:
        spec = node.get('Spec') or {}
        description = node.get('Description') or {}
        manager = node.get('ManagerStatus') or {}
        if manager.get('Leader'):
            leader = description.get('Hostname', '')
        result_nodes.append({
            'id': node['ID'],
            'hostname': description.get('Hostname', ''),
            'role': spec.get('Role', ''),
            'availability': spec.get('Availability', ''),
            'state': (node.get('Status') or {}).get('State', ''),
            'addr': (node.get('Status') or {}).get('Addr', ''),
            'leader': bool(manager.get('Leader')),
            'reachability': manager.get('Reachability', ''),
            'labels': spec.get('Labels') or {},
            'engine_labels': (description.get('Engine') or {}).get('Labels') or {},
            'engine_version': (description.get('Engine') or {}).get('EngineVersion', ''),
            'tasks': sorted(placed.get(node['ID'], []), key=lambda t: (t['service'], t['slot'])),
        })
    result_nodes.sort(key=lambda n: (n['role'] != 'manager', n['hostname']))

    result_services = []
    for service in services:
        spec = service.get('Spec') or {}
        mode = spec.get('Mode') or {}
        name = spec.get('Name', service['ID'])
        if 'Replicated' in mode:
            desired = int((mode['Replicated'] or {}).get('Replicas', 0))
            mode_name = 'replicated'
        else:
            desired = wanted.get(name, 0)
            mode_name = 'global'
        result_services.append({
            'name': name,
            'mode': mode_name,
            'desired': desired,
            'running': running.get(name, 0),
            'image': _image(spec),
            'ports': _ports(service),
            'nodes': sorted(running_on.get(name, [])),
        })
    result_services.sort(key=lambda s: s['name'])
    return {'leader': leader, 'nodes': result_nodes, 'services': result_services}


def status_lines(status):
    """The status as text lines: a node table, then a service table."""
    lines = ['%-24s %-8s %-6s %-7s %-12s %-14s %s' % ('NODE', 'ROLE', 'STATE', 'AVAIL', 'MANAGER', 'ENGINE', 'LABELS')]
    for node in status['nodes']:
        manager = 'leader' if node['leader'] else node['reachability']
        labels = ','.join('%s=%s' % item for item in sorted(node['labels'].items()))
        lines.append('%-24s %-8s %-6s %-7s %-12s %-14s %s' % (
            node['hostname'], node['role'], node['state'], node['availability'], manager, node['engine_version'], labels))
    lines.append('')
    lines.append('%-24s %-10s %-9s %-28s %s' % ('SERVICE', 'MODE', 'REPLICAS', 'IMAGE', 'RUNNING ON'))
    for service in status['services']:
        lines.append('%-24s %-10s %-9s %-28s %s' % (
            service['name'], service['mode'], '%d/%d' % (service['running'], service['desired']), service['image'],
            ', '.join(service['nodes'])))
    if not status['services']:
        lines.append('(no services)')
    return lines
