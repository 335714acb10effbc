#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: daemon_state
short_description: Read what a Docker host has, in one round trip, for the decision whether anything needs doing
version_added: 0.1.0
description:
  - Reads the engine packages' install status, the path of dockerd, the kernel's filesystems, the mounts, the
    listening TCP sockets and their processes, checksums,
    modes and owners of files, whether paths exist, the engine service's state under systemd and, through the
    engine's unix socket, C(docker info); with O(gather_subset), the host's facts as M(ansible.builtin.setup)
    gathers them, in the same round trip.
  - Changes nothing. The docker_daemon role runs it first and installs, configures or restarts only what
    differs; the docker_tls role reads the installed certificates with it, the swarm role the node's swarm state
    and IPVS. C(playbooks/cluster.yml) makes one read a host for all three and hands it to them in O(reuse).
  - Needs no Docker SDK - the engine is asked over its socket with the Python standard library - so it also
    answers on a host where nothing is installed yet.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  packages:
    description: Packages whose install status to read (C(dpkg-query)); hosts without dpkg report them all missing.
    type: list
    elements: str
    default: []
  dockerd:
    description: Candidate paths of dockerd; the first that exists is returned.
    type: list
    elements: path
    default: [/usr/bin/dockerd, /usr/sbin/dockerd]
  checksums:
    description: Files whose SHA-1 checksum to return.
    type: list
    elements: path
    default: []
  exists:
    description: Paths of any kind (such as C(/sys/module/ip_vs)) to report whether they exist.
    type: list
    elements: path
    default: []
  files:
    description: Files whose SHA-1 checksum, mode, owner and group to return.
    type: list
    elements: path
    default: []
  service:
    description: The engine's systemd service; an empty string reads no service.
    type: str
    default: docker
  engine:
    description: Whether to ask the engine for C(docker info).
    type: bool
    default: true
  nodes:
    description:
      - Also ask the engine for the swarm's node list (C(GET /nodes), as M(community.docker.docker_node_info) returns
        it) when it is a manager that can answer (C(ControlAvailable)).
    type: bool
    default: false
  services:
    description: Other systemd services whose C(enabled) and C(active) state to read (such as C(consul)).
    type: list
    elements: str
    default: []
  versions:
    description:
      - "Programs whose version to read, as a dictionary of name and argv (such as
        C({'/usr/local/bin/consul': ['/usr/local/bin/consul', 'version']})). A command runs only when its program
        exists; it must change nothing."
    type: dict
    default: {}
  containers:
    description: Containers whose state to read from the engine (C(GET /containers/{name}/json)).
    type: list
    elements: str
    default: []
  gather_subset:
    description:
      - Also gather the host's facts, with the subsets M(ansible.builtin.setup) takes (such as V(min), V(network)),
        and set them as that module would. Empty gathers none.
    type: list
    elements: str
    default: []
  reuse:
    description:
      - A result of this module registered earlier in the run for this host. When that read holds everything this
        one asks for, the answer comes from it (narrowed to this task's options, with RV(reused) true) and the host
        is not contacted; otherwise the host is read.
      - Only pass a read that nothing has changed since (C(playbooks/cluster.yml) reads again after an engine
        restart). Facts are never taken from it.
    type: raw
    default: {}
  socket:
    description: The engine's unix socket.
    type: path
    default: /var/run/docker.sock
  require_engine:
    description: Fail when the engine does not answer, instead of returning V(null) in RV(engine).
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the engine's answer. A manager that lost its swarm's quorum can take long to answer
        C(docker info); 60 is the Docker client's own default.
    type: int
    default: 60
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Read the host's engine setup
  flotilla.swarm.daemon_state:
    packages: [docker.io, python3-docker]
    checksums: [/etc/systemd/system/docker.service.d/flotilla.conf]
  register: state

- name: Read the host once, with its facts
  flotilla.swarm.daemon_state:
    gather_subset: [min, network]
    files: [/etc/docker/tls/ca.pem]
    exists: [/sys/module/ip_vs]
  register: host_read

- name: Read the node's swarm state and whether its kernel has IPVS (answered from the read above)
  flotilla.swarm.daemon_state:
    exists: [/sys/module/ip_vs]
    require_engine: true
    reuse: "{{ host_read }}"
  register: node

- name: Install the engine where it is missing
  ansible.builtin.apt:
    name: [docker.io, python3-docker]
  when: state.missing_packages | length > 0
'''

RETURN = r'''
missing_packages:
  description: Packages of O(packages) that are not installed.
  returned: always
  type: list
  elements: str
packages:
  description: For each package of O(packages), whether it is installed.
  returned: always
  type: dict
  sample: {docker.io: true, docker-cli: false}
package_versions:
  description: For each package of O(packages), its installed version, V(null) when it is not installed.
  returned: always
  type: dict
  sample: {consul: 1.8.7+dfsg1-2+b3, docker-cli: null}
services:
  description: For each service of O(services), its C(enabled) and C(active) state.
  returned: when O(services) is not empty
  type: dict
  sample: {consul: {enabled: true, active: true}}
versions:
  description: For each program of O(versions), C(rc) and C(stdout) of its command, V(null) when the program does not exist.
  returned: when O(versions) is not empty
  type: dict
  sample: {consul: {rc: 0, stdout: "Consul v1.8.7"}}
containers:
  description:
    - For each container of O(containers), C(running), C(image) (as it was asked for) and C(labels); V(null) when the
      engine has no such container or does not answer.
  returned: when O(containers) is not empty
  type: dict
  sample: {registrator: {running: true, image: "fayrus/registrator:v9.2.0", labels: {}}}
dockerd:
  description: The first path of O(dockerd) that exists, or an empty string.
  returned: always
  type: str
overlay:
  description: Whether C(/proc/filesystems) lists overlay.
  returned: always
  type: bool
filesystems:
  description: The filesystems the kernel has (C(/proc/filesystems)), which storage drivers need.
  returned: always
  type: list
  elements: str
mounts:
  description: The filesystem type of each mount point (C(/proc/self/mounts)), to tell what the engine's data root is on.
  returned: always
  type: dict
  sample: {/: overlay, /var/lib/docker: ext4}
listening:
  description: The host's listening TCP sockets, with the name of the process that holds each (empty when unknown).
  returned: always
  type: list
  elements: dict
  sample: [{address: 0.0.0.0, port: 8500, process: consul}]
checksums:
  description: SHA-1 of each file of O(checksums), V(null) for a file that does not exist.
  returned: always
  type: dict
exists:
  description: For each path of O(exists), whether it exists.
  returned: always
  type: dict
  sample: {/sys/module/ip_vs: true}
files:
  description:
    - For each file of O(files), its C(checksum) (SHA-1), C(mode) (such as V(0600)), C(pw_name) and C(gr_name);
      V(null) for a file that does not exist.
  returned: always
  type: dict
  sample: {/etc/docker/tls/ca.pem: {checksum: 0b1f..., mode: '0644', pw_name: root, gr_name: root}}
service:
  description: The service's C(enabled) and C(active) state (V(null) without systemctl or without O(service)).
  returned: always
  type: dict
  sample: {enabled: true, active: true}
engine:
  description: C(docker info) as the engine API returns it (C(GET /info)), V(null) when the engine does not answer.
  returned: always
  type: dict
nodes:
  description: The swarm's nodes as the engine API lists them (C(GET /nodes)), V(null) when the engine is no manager.
  returned: when O(nodes) is true
  type: list
  elements: dict
engine_error:
  description: Why the engine did not answer.
  returned: when the engine did not answer
  type: str
read:
  description: The options this answer covers, which O(reuse) compares with a later task's.
  returned: always
  type: dict
reused:
  description: Whether the answer came from O(reuse) rather than from the host.
  returned: always
  type: bool
ansible_facts:
  description: The host's facts, as M(ansible.builtin.setup) returns them.
  returned: when O(gather_subset) is not empty
  type: dict
'''

import grp
import os
import pwd
import stat

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.facts import ansible_collector, default_collectors
from ansible.module_utils.facts.collector import CollectorNotFoundError, CycleFoundInFactDeps, UnresolvedFactDep
from ansible.module_utils.facts.namespace import PrefixFactNamespace

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import has_overlay, installed_versions
from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_host import filesystem_names, mount_types, tcp_listeners
from ansible_collections.flotilla.swarm.plugins.module_utils.files import read_bytes
from ansible_collections.flotilla.swarm.plugins.module_utils.host_read import READ_OPTIONS, read_record
from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import engine_get, engine_info

# The facts ansible.builtin.setup always gathers, whatever the subset (its own list).
MINIMAL_FACTS = frozenset(['apparmor', 'caps', 'cmdline', 'date_time', 'distribution', 'dns', 'env', 'fips', 'local',
                           'lsb', 'pkg_mgr', 'platform', 'python', 'selinux', 'service_mgr', 'ssh_pub_keys', 'user'])


def service_state(module, name):
    systemctl = module.get_bin_path('systemctl') if name else None
    if not systemctl:
        return {'enabled': None, 'active': None}
    rc_enabled = module.run_command([systemctl, 'is-enabled', '--quiet', name])[0]
    rc_active = module.run_command([systemctl, 'is-active', '--quiet', name])[0]
    return {'enabled': rc_enabled == 0, 'active': rc_active == 0}


def file_state(module, path):
    """What ansible.builtin.find with get_checksum says of a file, or None when there is none."""
    if not os.path.isfile(path):
        return None
    st = os.stat(path)
    return {
        'checksum': module.sha1(path),
        'mode': '%04o' % stat.S_IMODE(st.st_mode),
        'pw_name': owner_name(st.st_uid, pwd.getpwuid),
        'gr_name': owner_name(st.st_gid, grp.getgrgid),
    }


def program_version(module, argv):
    """{rc, stdout} of a version command, or None when its program does not exist."""
    argv = [str(arg) for arg in argv or []]
    if not argv or not os.path.isfile(argv[0]):
        return None
    rc, out, dummy = module.run_command(argv)
    return {'rc': rc, 'stdout': out.strip()}


def container_state(socket_path, name, timeout):
    """What the consul and registrator plans compare of a container, or None when there is none."""
    answer, dummy = engine_get(socket_path, '/containers/%s/json' % name, timeout)
    if not answer:
        return None
    config = answer.get('Config') or {}
    return {'running': bool((answer.get('State') or {}).get('Running')), 'image': config.get('Image'),
            'labels': config.get('Labels') or {}}


def owner_name(uid, lookup):
    try:
        return lookup(uid)[0]
    except KeyError:
        return str(uid)


def socket_owners():
    """{socket inode: process name} from the processes' open files (those this module may read)."""
    owners = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            names = os.listdir('/proc/%s/fd' % pid)
        except OSError:
            continue  # gone, or not ours to read
        comm = (read_bytes('/proc/%s/comm' % pid) or b'').decode('utf-8', 'replace').strip()
        for name in names:
            try:
                target = os.readlink('/proc/%s/fd/%s' % (pid, name))
            except OSError:
                continue
            if target.startswith('socket:['):
                owners.setdefault(target[len('socket:['):-1], comm)
    return owners


def proc_text(path):
    return (read_bytes(path) or b'').decode('utf-8', 'replace')


def gather_facts(module, subset):
    """The facts ansible.builtin.setup gathers for this subset, ansible_-prefixed as it returns them."""
    collector = ansible_collector.get_ansible_collector(
        all_collector_classes=default_collectors.collectors,
        namespace=PrefixFactNamespace(namespace_name='ansible', prefix='ansible_'),
        filter_spec=[], gather_subset=subset, gather_timeout=10, minimal_gather_subset=MINIMAL_FACTS)
    return collector.collect(module=module)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            READ_OPTIONS,
            # The action plugin answers from it when it can; the module itself never looks at it.
            reuse=dict(type='raw', default={}),
        ),
        supports_check_mode=True,
    )
    params = module.params
    packages = params['packages']
    versions = {}
    dpkg_query = module.get_bin_path('dpkg-query')
    if packages and dpkg_query:
        out = module.run_command([dpkg_query, '--show',
                                  '--showformat=${Package} ${db:Status-Status} ${Version}\n'] + packages)[1]
        versions = installed_versions(out)
    missing = [name for name in packages if name not in versions]

    info, error = None, None
    if params['engine'] or params['require_engine'] or params['nodes'] or params['containers']:
        info, error = engine_info(params['socket'], params['timeout'])
    if error and params['require_engine']:
        module.fail_json(msg='The Docker engine does not answer on %s: %s. Start it (systemctl start docker) or check '
                             'the socket path.' % (params['socket'], error), engine_error=error)
    result = dict(
        changed=False,
        reused=False,
        read=read_record(params),
        missing_packages=missing,
        packages=dict((name, name not in missing) for name in packages),
        package_versions=dict((name, versions.get(name)) for name in packages),
        dockerd=next((path for path in params['dockerd'] if os.path.exists(path)), ''),
        overlay=has_overlay(proc_text('/proc/filesystems')),
        filesystems=filesystem_names(proc_text('/proc/filesystems')),
        mounts=mount_types(proc_text('/proc/self/mounts')),
        listening=tcp_listeners([proc_text('/proc/net/tcp'), proc_text('/proc/net/tcp6')], socket_owners()),
        checksums=dict((path, module.sha1(path) if os.path.isfile(path) else None) for path in params['checksums']),
        exists=dict((path, os.path.exists(path)) for path in params['exists']),
        files=dict((path, file_state(module, path)) for path in params['files']),
        service=service_state(module, params['service']),
        engine=info,
    )
    if error:
        result['engine_error'] = error
    if params['nodes']:
        result['nodes'] = None
        if info and (info.get('Swarm') or {}).get('ControlAvailable'):
            result['nodes'], nodes_error = engine_get(params['socket'], '/nodes', params['timeout'])
            if nodes_error:
                module.fail_json(msg='The manager does not list the swarm nodes: %s' % nodes_error, **result)
    if params['services']:
        result['services'] = dict((name, service_state(module, name)) for name in params['services'])
    if params['versions']:
        result['versions'] = dict((name, program_version(module, argv)) for name, argv in params['versions'].items())
    if params['containers']:
        result['containers'] = dict((name, container_state(params['socket'], name, params['timeout']) if info else None)
                                    for name in params['containers'])
    if params['gather_subset']:
        try:
            result['ansible_facts'] = gather_facts(module, params['gather_subset'])
        except (TypeError, CollectorNotFoundError, CycleFoundInFactDeps, UnresolvedFactDep) as exc:
            module.fail_json(msg='gather_subset: %s' % to_text(exc))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
