# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building and checking the Docker engine's daemon.json (pure functions).

dockerd refuses to start when daemon.json holds a directive it does not know or
a value of the wrong type, which takes a node down at the next restart. Engines
from 23.0 on can check a file with `dockerd --validate`; for older engines these
checks catch the common mistakes before the file is written.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

# Directives of daemon.json on Linux (dockerd reference, engines 20.10 to 27).
KNOWN_DIRECTIVES = frozenset([
    'allow-nondistributable-artifacts', 'api-cors-header', 'authorization-plugins', 'bip', 'bip6', 'bridge',
    'builder', 'cdi-spec-dirs', 'cgroup-parent', 'containerd', 'containerd-namespace',
    'containerd-plugins-namespace', 'data-root', 'debug', 'default-address-pools', 'default-cgroupns-mode',
    'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opts', 'default-runtime',
    'default-shm-size', 'default-ulimits', 'dns', 'dns-opts', 'dns-search', 'exec-opts', 'exec-root',
    'experimental', 'features', 'fixed-cidr', 'fixed-cidr-v6', 'group', 'host-gateway-ip', 'hosts', 'icc',
    'init', 'init-path', 'insecure-registries', 'ip', 'ip-forward', 'ip-masq', 'ip6tables', 'iptables', 'ipv6',
    'labels', 'live-restore', 'log-driver', 'log-format', 'log-level', 'log-opts', 'max-concurrent-downloads',
    'max-concurrent-uploads', 'max-download-attempts', 'metrics-addr', 'mtu', 'no-new-privileges',
    'node-generic-resources', 'oom-score-adjust', 'pidfile', 'proxies', 'raw-logs', 'registry-mirrors',
    'runtimes', 'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver', 'storage-opts',
    'swarm-default-advertise-addr', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify', 'userland-proxy',
    'userland-proxy-path', 'userns-remap', 'cluster-advertise', 'cluster-store', 'cluster-store-opts',
])

_LIST_DIRECTIVES = ('hosts', 'labels', 'dns', 'dns-search', 'dns-opts', 'insecure-registries', 'registry-mirrors',
                    'exec-opts', 'storage-opts', 'authorization-plugins', 'default-address-pools')
_BOOL_DIRECTIVES = ('debug', 'experimental', 'icc', 'ip-forward', 'ip-masq', 'iptables', 'ip6tables', 'ipv6',
                    'live-restore', 'tls', 'tlsverify', 'userland-proxy', 'selinux-enabled', 'init', 'raw-logs',
                    'no-new-privileges')
_LABEL_KEY_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._/-]*$')
_HOST_RE = re.compile(r'^(unix://\S+|tcp://[^\s/]*:\d+|fd://\S*|ssh://\S+)$')


def engine_labels(labels):
    """{'storage': 'ssd'} -> ['storage=ssd'], sorted; ValueError on bad keys or values."""
    result = []
    for key, value in sorted((labels or {}).items()):
        if not isinstance(key, str) or not _LABEL_KEY_RE.match(key):
            raise ValueError("engine label key %r must start with a letter or digit and hold only letters, digits, "
                             "'.', '_', '/' and '-'" % (key,))
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            raise ValueError('engine label %s: the value must be a string or a number, got %r' % (key, value))
        value = str(value)
        if any(c.isspace() for c in value):
            raise ValueError('engine label %s: the value %r must not contain white space' % (key, value))
        result.append('%s=%s' % (key, value))
    return result


def build_daemon_config(base=None, labels=None, hosts=None, tls=None, storage_driver=None):
    """daemon.json as a dict: base, plus labels, hosts, TLS files and storage driver when given.

    tls is {'ca': path, 'cert': path, 'key': path} for an API that verifies clients.
    """
    config = dict(base or {})
    if labels:
        config['labels'] = engine_labels(labels)
    if hosts:
        config['hosts'] = list(hosts)
    if tls:
        config.update({'tls': True, 'tlsverify': True, 'tlscacert': tls['ca'], 'tlscert': tls['cert'],
                       'tlskey': tls['key']})
    if storage_driver:
        config['storage-driver'] = storage_driver
    return config


def role_daemon_config(base=None, api_host='', api_port=2376, tls=True, tls_dir='/etc/docker/tls', insecure_api=False,
                       storage_driver='auto', overlay=False):
    """daemon.json (labels aside: daemon_config adds them) for the docker_daemon role's settings.

    The TLS-only API on api_host:api_port with the certificates in tls_dir; 2375 without TLS only
    when insecure_api. `hosts` only with a TCP listener: the packaged unit's -H fd:// conflicts with
    it, and the drop-in that removes -H fd:// is installed only then. storage_driver 'auto' is
    overlay2 where the host has overlayfs (overlay), else the engine's own choice.
    """
    driver = ('overlay2' if overlay else '') if storage_driver == 'auto' else storage_driver
    tcp = (['tcp://%s:%s' % (api_host, api_port)] if tls else []) + \
        (['tcp://%s:2375' % api_host] if insecure_api else [])
    files = dict((name, '%s/%s' % (tls_dir, file_name)) for name, file_name in
                 (('ca', 'ca.pem'), ('cert', 'server-cert.pem'), ('key', 'server-key.pem'))) if tls else None
    return build_daemon_config(base, hosts=['unix:///var/run/docker.sock'] + tcp if tcp else None, tls=files,
                               storage_driver=driver or None)


def daemon_json_text(config):
    """The text of daemon.json as daemon_config writes it: sorted keys, two-space indent, a final newline."""
    return json.dumps(config, indent=2, sort_keys=True) + '\n'


def check_daemon_config(config):
    """The problems dockerd would refuse the configuration for, as messages (empty: none found)."""
    problems = []
    if not isinstance(config, dict):
        return ['daemon.json must be a JSON object, got %s' % type(config).__name__]
    for key in sorted(config):
        if key not in KNOWN_DIRECTIVES:
            problems.append("'%s' is not a daemon.json directive: dockerd would refuse to start" % key)
    for key in _LIST_DIRECTIVES:
        if key in config and not isinstance(config[key], list):
            problems.append("'%s' must be a list" % key)
    for key in _BOOL_DIRECTIVES:
        if key in config and not isinstance(config[key], bool):
            problems.append("'%s' must be true or false, got %r" % (key, config[key]))
    for host in config.get('hosts') or []:
        if not isinstance(host, str) or not _HOST_RE.match(host):
            problems.append("hosts: %r is not unix://PATH, tcp://ADDR:PORT, fd:// or ssh://" % (host,))
    for label in config.get('labels') or []:
        if not isinstance(label, str) or '=' not in label or label.startswith('='):
            problems.append('labels: %r is not key=value' % (label,))
    if config.get('tlsverify'):
        missing = [k for k in ('tlscacert', 'tlscert', 'tlskey') if not config.get(k)]
        if missing:
            problems.append('tlsverify needs %s' % ', '.join(missing))
    return problems


def unverified_tcp_hosts(config):
    """The tcp:// API endpoints that would not verify client certificates."""
    if config.get('tlsverify'):
        return []
    return [h for h in config.get('hosts') or [] if isinstance(h, str) and h.startswith('tcp://')]


def installed_versions(dpkg_output):
    """{package: version} of the packages that
    `dpkg-query --show --showformat='${Package} ${db:Status-Status} ${Version}\\n'` shows installed."""
    versions = {}
    for line in (dpkg_output or '').splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] == 'installed':
            versions[fields[0].split(':')[0]] = fields[2] if len(fields) > 2 else ''  # name:arch for multi-arch
    return versions


def missing_packages(dpkg_output, wanted):
    """Packages of wanted that dpkg-query (installed_versions' format, or without the version) does not show installed."""
    installed = installed_versions(dpkg_output)
    return [name for name in wanted if name not in installed]


def has_overlay(filesystems):
    """Whether /proc/filesystems lists overlay (the overlay2 storage driver needs it)."""
    return any(line.split()[-1:] == ['overlay'] for line in (filesystems or '').splitlines())


def start_error(journal):
    """dockerd's own reason for not starting, from its journal (`journalctl -o cat`), or None.

    dockerd 20.10 says `level=fatal msg="..."` or "Error starting daemon: ..."; later engines
    "failed to start daemon: ..." (systemd's own "Failed to start docker.service" says nothing of why).
    """
    reason = None
    for line in (journal or '').splitlines():
        line = line.strip()
        if line.startswith('failed to start daemon') or line.startswith('Error starting daemon'):
            reason = line
        elif 'level=fatal' in line:
            reason = line.split('msg=', 1)[-1].strip().strip('"')
    return reason
