# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the docker_daemon role has to do on a host, decided from the host's read (pure functions).

The role reads the host once (flotilla.swarm.daemon_state: packages, dockerd, file checksums,
the service, the engine); this decides from that read whether the engine is installed,
configured and running as wanted, and if not, why. Each answer is a list of reasons: an
empty list means nothing to do, and the reasons say what differs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def host_plan(read, wanted):
    """{'install': [...], 'config': [...], 'restart_pending': [...], 'restart': [...], 'due': bool,
    'in_swarm': bool, 'manager': bool} for one host.

    read: the host's daemon_state result ('missing_packages', 'dockerd', 'checksums' by path,
    'service' {'enabled', 'active'}, 'engine' (docker info, None when it does not answer)).
    wanted: {'install_method': 'distribution' or another, 'files': {path: SHA-1 the role would write, or None
    for a file it leaves alone} (daemon.json, the drop-in), 'insecure_api': bool, 'marker': path of the pending-restart
    marker, 'new_certificates': the engine's certificates were installed in this run}.

    restart_pending: restarts that must happen even when no file changes (a marker left by an
    interrupted run, new certificates); apply.yml keeps the marker until the restart is done.
    restart: those, or an engine that is not enabled, not running or not answering.
    due: any of install, config or restart (the role's one condition for doing more than the read).
    """
    read = read or {}
    checksums = read.get('checksums') or {}
    service = read.get('service') or {}
    engine = read.get('engine')
    swarm = (engine or {}).get('Swarm') or {}

    install = []
    if wanted.get('install_method', 'distribution') != 'distribution':
        install.append('the %s install method keeps its package source and packages current on every run'
                       % wanted['install_method'])
    if read.get('missing_packages'):
        install.append('packages not installed: %s' % ', '.join(read['missing_packages']))
    if not read.get('dockerd'):
        install.append('no dockerd found')

    config = ['%s differs from what the role writes' % path
              for path, checksum in sorted((wanted.get('files') or {}).items())
              if checksum is not None and checksums.get(path) != checksum]
    if wanted.get('insecure_api'):
        # daemon_config warns about an API without TLS client verification on every run.
        config.append('the API listens without TLS client verification')

    restart_pending = []
    if checksums.get(wanted.get('marker')) is not None:
        restart_pending.append('a restart left pending by an interrupted run')
    if wanted.get('new_certificates'):
        restart_pending.append('new engine certificates')

    restart = list(restart_pending)
    if service.get('enabled') is False:
        restart.append('the service is not enabled')
    if service.get('active') is False:
        restart.append('the service is not running')
    if engine is None:
        restart.append('the engine does not answer')

    return {'install': install, 'config': config, 'restart_pending': restart_pending, 'restart': restart,
            'due': bool(install or config or restart),
            'in_swarm': swarm.get('LocalNodeState') == 'active', 'manager': bool(swarm.get('ControlAvailable'))}
