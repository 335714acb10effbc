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

import hashlib
import json
import re

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


def image_engine_tag(engine_version='', min_api_version=''):
    """What the node image's tag adds for an engine beyond the release's own (tags allow [A-Za-z0-9_.-])."""
    tag = ('-docker.io-' + re.sub(r'[^A-Za-z0-9_.-]', '_', engine_version)) if engine_version else ''
    return tag + (('-api' + min_api_version) if min_api_version else '')


def fingerprints(nodes, options):
    """{name: [the flotilla.lab.config label its container gets, the one an older lab gave it]}.

    options: what a node container's options depend on besides the node's entry (the options version,
    image, network, privileged). The label is the SHA-1 of the options and the entry as JSON, with the
    entry's keys sorted (an entry may come with its keys in any order); containers created before
    kept them in the entry's order, and are as good.
    """
    prefix = json.dumps(options)
    return dict((node['name'], [hashlib.sha1((prefix + json.dumps(node, sort_keys=True)).encode('utf-8')).hexdigest(),
                                hashlib.sha1((prefix + json.dumps(node)).encode('utf-8')).hexdigest()])
                for node in nodes)


def unwanted(containers, nodes):
    """The lab's containers no entry of nodes names: {'name', 'running', 'groups' (those it was created in)}."""
    names = [node['name'] for node in nodes]
    result = []
    for container in containers or []:
        name = _container_name(container)
        if name not in names:
            groups = ((container.get('Labels') or {}).get(GROUPS_LABEL) or '').split(',')
            result.append({'name': name, 'running': container.get('State') == 'running',
                           'groups': [group for group in groups if group]})
    return result


def network_as_wanted(networks, name, lab, subnet=''):
    """Whether the lab network is as docker_network would leave it: a bridge labelled for the lab, with
    the subnet when one is asked (the name filter that found networks also matches parts of names)."""
    for network in networks or []:
        if network.get('Name') != name:
            continue
        subnets = [config.get('Subnet') for config in ((network.get('IPAM') or {}).get('Config') or [])]
        return (network.get('Driver') == 'bridge' and (network.get('Labels') or {}).get('flotilla.lab', '') == lab
                and (not subnet or subnet in subnets))
    return False


def plan(nodes, existing, settings):
    """The lab_dind role's plan for a lab that is to be present.

    existing: docker_host_info's answer (containers labelled for the lab, the node image, the lab
    network); settings: name, image, network, subnet, privileged, options_version, rebuild,
    recreate, leave_first. Returns image_build (the image is missing or to be rebuilt),
    network_as_wanted, fingerprints, todo (nodes for docker_container), recreate, problems,
    leaving (unwanted running nodes that leave the swarm first, with leave_first), remove_now
    (names of the unwanted nodes to remove now) and change (whether anything is to be done).
    """
    images = existing.get('images') or []
    image_build = not images or bool(settings.get('rebuild'))
    options = [settings.get('options_version', 1), settings.get('image'), settings.get('network'),
               settings.get('privileged', False)]
    prints = fingerprints(nodes, options)
    nodes_plan = dind_nodes(nodes, existing.get('containers'), (images[0].get('Id') if images else ''), prints,
                            image_build, bool(settings.get('recreate')) or bool(settings.get('rebuild')))
    gone = unwanted(existing.get('containers'), nodes)
    leaving = [node for node in gone if node['running']] if settings.get('leave_first') else []
    remove_now = [node['name'] for node in gone if node not in leaving]
    network_ok = network_as_wanted(existing.get('networks'), settings.get('network'), settings.get('name'),
                                   settings.get('subnet') or '')
    return dict(nodes_plan, image_build=image_build, network_as_wanted=network_ok, fingerprints=prints,
                leaving=leaving, remove_now=remove_now,
                change=bool(image_build or not network_ok or remove_now or leaving or nodes_plan['todo']))


def sysctl_raise(wanted, now):
    """Those of the wanted kernel limits ({key: value}) that are lower now (now: the values, in the
    same order): a machine set higher keeps its own. [{'key', 'value', 'now'}]."""
    return [{'key': key, 'value': value, 'now': int(current)}
            for (key, value), current in zip(wanted.items(), now) if int(current) < int(value)]
