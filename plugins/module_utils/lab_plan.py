# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which docker-in-docker lab nodes to create, start or create again (pure functions).

A node container that is created again keeps only its engine's volume: everything else on the
node - its Consul data and ACL state, certificates, configuration - is gone. So an existing node
is created again only when asked to (recreate), never because of a changed setting alone, such
as a mistyped group name, which would change the groups the container is labelled with.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

GROUPS_LABEL = 'flotilla.lab.groups'
CONFIG_LABEL = 'flotilla.lab.config'


def _container_name(container):
    return (container.get('Names') or [''])[0].lstrip('/')


def _why_recreate(node, container, image_id, fingerprints, image_rebuilt):
    """Why the existing container of node cannot serve as it is, as phrases (empty: it can)."""
    labels = container.get('Labels') or {}
    reasons = []
    if image_rebuilt:
        reasons.append('the node image is built anew')
    elif container.get('ImageID') != image_id:
        reasons.append('it runs another node image')
    have = [group for group in (labels.get(GROUPS_LABEL) or '').split(',') if group]
    want = list(node.get('groups') or [])
    if have != want:
        reasons.append('its groups change from %s to %s' % (','.join(have) or 'none', ','.join(want) or 'none'))
    elif labels.get(CONFIG_LABEL) not in fingerprints:
        reasons.append('its container options changed')
    return reasons


def dind_nodes(nodes, containers, image_id, fingerprints, image_rebuilt=False, recreate=False):
    """{'todo': [nodes for docker_container], 'recreate': [{'name', 'reasons'}], 'problems': [messages]}.

    nodes: the wanted nodes ({'name', 'groups', ...}); containers: the lab's containers as docker_host_info lists
    them (verbose); image_id: the node image's ID; fingerprints: {name: the flotilla.lab.config labels that mean the
    node's container is as it should be (a list, or one)}; image_rebuilt: the image is built in this run. A missing node is created, a stopped one as it
    should be is started, and one that cannot serve as it is is created again only with recreate.
    """
    existing = dict((_container_name(container), container) for container in containers or [])
    todo, recreate_nodes = [], []
    for node in nodes:
        container = existing.get(node['name'])
        if container is None:
            todo.append(node)
            continue
        accepted = fingerprints.get(node['name']) or []
        accepted = [accepted] if isinstance(accepted, str) else accepted
        reasons = _why_recreate(node, container, image_id, accepted, image_rebuilt)
        if reasons:
            recreate_nodes.append({'name': node['name'], 'reasons': reasons})
            if recreate:
                todo.append(node)
        elif container.get('State') != 'running':
            todo.append(node)
    problems = []
    if recreate_nodes and not recreate:
        problems.append(
            'These lab nodes would be created again, and a new container keeps only its engine\'s volume (Consul\'s '
            'data, certificates and everything else on the node are lost): %s. If a group name is mistyped '
            '(flotilla_managers_group, flotilla_workers_group), correct it; to create them again, set '
            'lab_dind_recreate=true (cluster.yml: flotilla_lab_recreate=true)'
            % '; '.join('%s (%s)' % (item['name'], ', '.join(item['reasons'])) for item in recreate_nodes))
    return {'todo': todo, 'recreate': recreate_nodes, 'problems': problems}
