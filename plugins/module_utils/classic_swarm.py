# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Classic Swarm (the legacy `swarm manage` / `swarm join`): the classic_swarm role's decisions (pure functions).

Classic Swarm, archived upstream in 2020, is a manager process that serves the Docker API and
places containers on the engines that `swarm join` agents keep listed in a discovery store
(Consul, etcd) or that a static `nodes://` list names. It speaks the engine API at 1.31 at the
most and negotiates down from there, so an engine that refuses clients below that (Docker
Engine 29's floor of 1.44) is one it cannot use.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

DISCOVERIES = ('consul', 'etcd', 'nodes')
STRATEGIES = ('spread', 'binpack', 'random')
# The newest engine API classic Swarm 1.2.9 speaks.
API_VERSION = '1.31'
# etcd's client port (the store the role installs serves the v2 API on it, for libkv).
ETCD_PORT = 2379
# libkv asks Consul for a session TTL of half the agent's TTL, and Consul's minimum is 10 s.
CONSUL_MIN_TTL = 20

# Labels classic Swarm adds to every engine (constraints can use them too).
SWARM_LABELS = ('kernelversion', 'operatingsystem', 'ostype', 'storagedriver')

_DURATION = re.compile(r'^([0-9]+)(s|m|h)$')


def seconds(duration):
    """'30s', '2m', '1h' (the Go durations the swarm flags take here) as seconds; None when not one."""
    match = _DURATION.match(str(duration))
    if not match:
        return None
    return int(match.group(1)) * {'s': 1, 'm': 60, 'h': 3600}[match.group(2)]


def _api_tuple(version):
    try:
        return tuple(int(part) for part in str(version).split('.'))
    except ValueError:
        return None


def problems(settings):
    """What makes the settings unworkable, as messages (empty: none), before any host changes.

    settings: discovery, managers (hosts), engines (hosts), heartbeat, ttl, strategy, port,
    consul (whether the cluster runs Consul), etcd_hosts (hosts that serve etcd, for etcd discovery).
    """
    found = []
    discovery = settings.get('discovery')
    if discovery not in DISCOVERIES:
        found.append("classic_swarm_discovery is %r: choose consul, etcd or nodes (a static list of the engines)"
                     % (discovery,))
    if not settings.get('managers'):
        found.append('no host runs the classic Swarm manager: the managers group (%s) names no host'
                     % settings.get('managers_group', 'swarm_managers'))
    if not settings.get('engines'):
        found.append('no engine joins the classic Swarm: the engines group (%s) names no host'
                     % settings.get('engines_group', 'swarm_workers'))
    heartbeat, ttl = seconds(settings.get('heartbeat')), seconds(settings.get('ttl'))
    if heartbeat is None or heartbeat < 1:
        found.append('classic_swarm_heartbeat is %r: give a duration such as 10s' % (settings.get('heartbeat'),))
    if ttl is None:
        found.append('classic_swarm_ttl is %r: give a duration such as 30s' % (settings.get('ttl'),))
    elif heartbeat is not None and ttl <= heartbeat:
        found.append('classic_swarm_ttl (%s) must be longer than classic_swarm_heartbeat (%s), or engines drop out '
                     'of the list between heartbeats' % (settings.get('ttl'), settings.get('heartbeat')))
    if discovery == 'consul':
        if ttl is not None and ttl < CONSUL_MIN_TTL:
            found.append('classic_swarm_ttl is %s: with Consul discovery it must be at least %ds (libkv asks Consul '
                         'for a session TTL of half of it, and Consul refuses less than 10s)'
                         % (settings.get('ttl'), CONSUL_MIN_TTL))
        if not settings.get('consul'):
            found.append('classic_swarm_discovery is consul, but this cluster runs no Consul (flotilla_consul is '
                         'false, or no Consul artefact): turn Consul on, or choose etcd or nodes discovery')
    if settings.get('replication') and discovery == 'nodes':
        found.append('classic_swarm_replication needs a discovery store to elect the primary in (swarm manage exits '
                     'with a static list): choose consul or etcd discovery, or set classic_swarm_replication: false '
                     '(each manager then schedules on its own)')
    if discovery == 'etcd' and not settings.get('etcd_hosts'):
        found.append('classic_swarm_discovery is etcd, but no host serves etcd: set classic_swarm_etcd_install: true '
                     'or classic_swarm_etcd_endpoint to an etcd v2 endpoint')
    if settings.get('strategy') not in STRATEGIES:
        found.append('classic_swarm_strategy is %r: choose spread, binpack or random' % (settings.get('strategy'),))
    try:
        port = int(settings.get('port'))
    except (TypeError, ValueError):
        port = 0
    if not 0 < port < 65536:
        found.append('classic_swarm_port is %r: give a TCP port' % (settings.get('port'),))
    return found


def api_floor_problems(min_api_versions):
    """Engines that refuse classic Swarm's API, as messages. min_api_versions: {host: the engine's MinAPIVersion}."""
    found = []
    for host in sorted(min_api_versions):
        floor = _api_tuple(min_api_versions[host])
        if floor and floor > _api_tuple(API_VERSION):
            found.append(
                "%s's engine refuses clients below API %s, and classic Swarm speaks %s at the most, so its manager "
                "could not use this engine: start dockerd with DOCKER_MIN_API_VERSION=%s or lower (the engine's "
                "systemd drop-in; the lab: lab_dind_engine_min_api_version), or leave the host out of the classic "
                "Swarm" % (host, min_api_versions[host], API_VERSION, API_VERSION))
    return found


def discovery_url(discovery, path, consul_address='127.0.0.1:8500', etcd_endpoint='', engine_addresses=()):
    """The discovery URL the agents and managers are given."""
    path = path.strip('/')
    if discovery == 'consul':
        return 'consul://%s/%s' % (consul_address, path)
    if discovery == 'etcd':
        return 'etcd://%s/%s' % (etcd_endpoint, path)
    return 'nodes://' + ','.join(engine_addresses)


def join_argv(binary, advertise, url, heartbeat, ttl):
    """`swarm join`: keeps the engine at advertise (address:port of its TLS API) listed under url."""
    return [binary, 'join', '--advertise=' + advertise, '--heartbeat=' + heartbeat, '--ttl=' + ttl, url]


def manage_argv(binary, port, tls_dir, url, strategy='spread', replication=False, advertise='', extra=()):
    """`swarm manage` serving the Docker API with TLS (clients need a certificate from the CA) on port.

    The manager reaches the engines with the same certificate, so it is issued for both uses.
    """
    argv = [binary, 'manage', '--host=tcp://0.0.0.0:%s' % port, '--tlsverify',
            '--tlscacert=%s/ca.pem' % tls_dir, '--tlscert=%s/swarm.pem' % tls_dir,
            '--tlskey=%s/swarm-key.pem' % tls_dir, '--strategy=' + strategy]
    if replication:
        argv += ['--replication', '--advertise=' + advertise]
    return argv + list(extra) + [url]


def missing_engines(info, engine_addresses):
    """The engines of the inventory ({host: address:port}) a manager's /info does not list as healthy,
    as 'host (address): why'; none for a replica, which forwards to the primary."""
    listed = engines_from_info(info)
    if listed['role'] == 'replica':
        return []
    by_address = dict((engine['address'], engine) for engine in listed['engines'])
    missing = []
    for host in sorted(engine_addresses):
        engine = by_address.get(engine_addresses[host])
        if engine is None:
            missing.append('%s (%s): not listed' % (host, engine_addresses[host]))
        elif engine['status'] != 'Healthy':
            why = engine['status'] or 'no status'
            if engine['error']:
                why += ', ' + engine['error']
            missing.append('%s (%s): %s' % (host, engine_addresses[host], why))
    return missing


def stray_engines(info, engine_addresses):
    """The engines a primary manager lists that no engine of the inventory ({host: address:port}) stands
    for, as 'name (address)': hosts taken out of the inventory whose entries are still in the store."""
    listed = engines_from_info(info)
    if listed['role'] == 'replica':
        return []
    wanted = set(engine_addresses.values())
    return ['%s (%s)' % (engine['name'], engine['address']) for engine in listed['engines']
            if engine['address'] not in wanted]


def engines_from_info(info):
    """The engines a classic manager lists in `docker info` (GET /info, its SystemStatus): its role
    (primary or replica) and [{'name', 'address', 'status', 'labels', 'error', 'own_labels', 'containers',
    'version'}]; own_labels are the labels the engine was given (daemon.json), as k=v,k=v, without those
    classic Swarm adds; containers is the manager's count ('2 (2 Running, 0 Paused, 0 Stopped)').

    The list is name/value pairs: " NAME" and the engine's address start an engine, "  \u2514 Field"
    entries describe the engine above.
    """
    role, engines, current = '', [], None
    for entry in info.get('SystemStatus') or []:
        key, value = (list(entry) + ['', ''])[:2]
        if key == 'Role':
            role = value
        elif key.startswith('  ') and current is not None:
            field = key.strip().lstrip(u'\u2514').strip()
            if field == 'Status':
                current['status'] = value
            elif field == 'Labels':
                current['labels'] = dict(label.split('=', 1) for label in value.split(', ') if '=' in label)
            elif field == 'Error':
                current['error'] = '' if value == '(none)' else value
            elif field == 'Containers':
                current['containers'] = value
            elif field == 'ServerVersion':
                current['version'] = value
        elif key.startswith(' '):
            current = {'name': key.strip(), 'address': value, 'status': '', 'labels': {}, 'error': '',
                       'containers': '', 'version': ''}
            engines.append(current)
    for engine in engines:
        engine['own_labels'] = ','.join('%s=%s' % (key, value) for key, value in sorted(engine['labels'].items())
                                        if key not in SWARM_LABELS)
    return {'role': role, 'engines': engines}


def cluster_status(info, containers):
    """A classic cluster as status.yml shows it, in the shape of swarm mode's status (module_utils/swarm_status)
    so one page and one table serve both: the engines as nodes (role 'engine', state 'ready' when the manager
    calls them healthy, else 'down'), each with the containers on it as its tasks, no services.

    info: the manager's GET /info; containers: its GET /containers/json?all=1, whose names the manager
    prefixes with the engine's name ('/engine/name').
    """
    listed = engines_from_info(info)
    on_engine = {}
    for container in containers:
        names = container.get('Names') or ['/?/' + container.get('Id', '')[:12]]
        engine, _sep, name = names[0].lstrip('/').partition('/')
        on_engine.setdefault(engine, []).append({'service': name, 'slot': 0, 'state': container.get('State', '')})
    nodes = []
    for engine in listed['engines']:
        nodes.append({
            'id': engine['address'], 'hostname': engine['name'], 'role': 'engine', 'availability': 'active',
            'state': 'ready' if engine['status'] == 'Healthy' else 'down', 'addr': engine['address'],
            'leader': False, 'reachability': '', 'status': engine['status'], 'error': engine['error'],
            'labels': dict((key, value) for key, value in engine['labels'].items() if key not in SWARM_LABELS),
            'engine_labels': engine['labels'], 'engine_version': engine['version'],
            'containers': engine['containers'],
            'tasks': sorted(on_engine.get(engine['name'], []), key=lambda task: task['service']),
        })
    nodes.sort(key=lambda node: node['hostname'])
    return {'classic': True, 'role': listed['role'], 'leader': '', 'nodes': nodes, 'services': []}


def status_lines(status):
    """A classic cluster's status as text: the engines, then the containers on each."""
    row = '%-20s %-22s %-10s %-10s %-36s %s'
    lines = [row % ('ENGINE', 'ADDRESS', 'STATUS', 'VERSION', 'CONTAINERS', 'LABELS')]
    for node in status['nodes']:
        status_text = node['status'] + (' (%s)' % node['error'] if node['error'] else '')
        labels = ','.join('%s=%s' % item for item in sorted(node['labels'].items()))
        lines.append(row % (node['hostname'], node['addr'], status_text, node['engine_version'], node['containers'],
                            labels))
    lines.append('')
    lines.append('%-20s %-32s %s' % ('ENGINE', 'CONTAINER', 'STATE'))
    for node in status['nodes']:
        for task in node['tasks']:
            lines.append('%-20s %-32s %s' % (node['hostname'], task['service'], task['state']))
    if not any(node['tasks'] for node in status['nodes']):
        lines.append('(no containers)')
    return lines


def plan(settings, hosts):
    """The classic_swarm role's plan: what each host runs, and what stops the run first.

    settings: discovery, path, managers, engines (host names), heartbeat, ttl, strategy, port,
    engine_port, replication, consul (Consul on), consul_address, etcd_endpoint, etcd_install (the
    first manager serves etcd), binary (the program's path on the hosts), tls_dir, extra (more
    manage arguments), managers_group, engines_group. hosts: {host: its advertise address} for
    the managers and engines.

    Returns problems (settings_problems: those of the settings alone, which need no host's facts),
    url, entry_seconds (how long an engine's entry outlives its agent at the most: the TTL and a
    heartbeat), addresses (hosts), engine_addresses ({engine: address:port}), etcd_host (the host to
    install etcd on, or '') and, by host, join (the agent's argv) and manage (the manager's argv).
    """
    settings = dict(settings)
    managers = list(settings.get('managers') or [])
    etcd_host = ''
    if settings.get('discovery') == 'etcd' and not settings.get('etcd_endpoint') and settings.get('etcd_install') \
            and managers:
        etcd_host = managers[0]
        settings['etcd_endpoint'] = '%s:%s' % (hosts.get(etcd_host), ETCD_PORT)
    settings['etcd_hosts'] = [settings['etcd_endpoint']] if settings.get('etcd_endpoint') else []
    settings_problems = problems(settings)
    found = list(settings_problems)
    for host in list(settings.get('managers') or []) + list(settings.get('engines') or []):
        if not hosts.get(host):
            found.append('%s has no address to advertise: set classic_swarm_advertise_addr (or docker_daemon_api_addr)'
                         ' for it, or gather its facts' % host)
    engine_addresses = dict((host, '%s:%s' % (hosts.get(host), settings.get('engine_port')))
                            for host in settings.get('engines') or [])
    url = discovery_url(settings.get('discovery'), settings.get('path') or '', settings.get('consul_address'),
                        settings.get('etcd_endpoint'), [engine_addresses[host] for host in settings.get('engines') or []])
    join = {}
    if settings.get('discovery') != 'nodes':
        join = dict((host, join_argv(settings['binary'], engine_addresses[host], url, str(settings.get('heartbeat')),
                                     str(settings.get('ttl'))))
                    for host in settings.get('engines') or [])
    manage = dict((host, manage_argv(settings['binary'], settings.get('port'), settings.get('tls_dir'), url,
                                     settings.get('strategy'), bool(settings.get('replication')),
                                     '%s:%s' % (hosts.get(host), settings.get('port')), settings.get('extra') or ()))
                  for host in settings.get('managers') or [])
    entry_seconds = (seconds(settings.get('ttl')) or 0) + (seconds(settings.get('heartbeat')) or 0)
    return {'problems': found, 'settings_problems': settings_problems, 'url': url, 'entry_seconds': entry_seconds,
            'addresses': dict(hosts), 'engine_addresses': engine_addresses, 'etcd_host': etcd_host, 'join': join,
            'manage': manage}
