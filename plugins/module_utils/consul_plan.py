# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether the consul and registrator roles have anything to do on a host (pure functions, no I/O).

cluster.yml reads every host once (module daemon_state). From that read and what the inventory asks,
these functions tell, host by host, why a role has to run there; a host for which they find nothing
runs no task of the role. The files the roles write are rendered here too (file_text, consul_unit,
registrator_unit), so the role and the decision compare the very same bytes.

The ACL tokens' secrets are derived from the management token (token_secret), so the controller knows
what each token file must hold without asking a server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import hmac
import json
import re
import uuid

ANONYMOUS_ACCESSOR = '00000000-0000-0000-0000-000000000002'


def file_text(data):
    """A JSON file as the roles write it (Ansible's to_nice_json, and a final newline)."""
    return json.dumps(data, indent=4, sort_keys=True, separators=(',', ': ')) + '\n'


def sha1(text):
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


def merge(base, extra):
    """base with extra merged over it, dictionaries recursively (Ansible's combine(recursive=true))."""
    merged = dict(base)
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def consul_unit(binary, config_dir, user, group):
    """The agent's systemd unit."""
    return '\n'.join([
        '# Written by flotilla.swarm.consul',
        '[Unit]',
        'Description=Consul agent',
        'Documentation=https://developer.hashicorp.com/consul/docs',
        'Wants=network-online.target',
        'After=network-online.target',
        '',
        '[Service]',
        '# The role waits for a leader itself; 1.8 agents would not notify systemd before one exists.',
        'Type=simple',
        'User=%s' % user,
        'Group=%s' % group,
        'ExecStart=%s agent -config-dir=%s' % (binary, config_dir),
        'ExecReload=/bin/kill -HUP $MAINPID',
        'KillSignal=SIGINT',
        'Restart=on-failure',
        'RestartSec=2',
        'LimitNOFILE=65536',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
    ])


def accessor_id(kind, datacenter, node=None):
    """The accessor ID of a token the role makes: derived from what the token is for, so every run finds it."""
    name = 'flotilla consul %s %s' % (kind, datacenter) if node is None else 'flotilla consul agent %s %s' % (datacenter, node)
    # Ansible's to_uuid, which earlier versions of the role used: the same IDs.
    return str(uuid.uuid5(uuid.UUID('361E6D51-FAEC-444A-9079-341386DA8E2E'), name))


def token_secret(management_token, accessor):
    """A token's secret, derived from the management token: the controller that holds it knows every secret,
    and a new management token (a new cluster) gives new secrets."""
    digest = hmac.new(management_token.encode('utf-8'), ('flotilla token ' + accessor).encode('utf-8'),
                      hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def agent_token_file(secret):
    return file_text({'acl': {'tokens': {'agent': secret}}})


def gossip_key_file(key):
    return file_text({'encrypt': key})


def _version(output):
    found = re.findall(r'v([0-9][0-9.]*)', output or '')
    return found[0] if found else None


def package_version(version):
    """The upstream version in a Debian package version (1.8.7 of 1.8.7+dfsg1-2+b3, 1.20.2 of 1:1.20.2-1)."""
    found = re.match(r'^(?:[0-9]+:)?([0-9]+(?:\.[0-9]+)*)', version or '')
    return found.group(1) if found else None


def installed_version(read, binary):
    """The version `consul version` printed on the host (read with versions={binary: [binary, 'version']}),
    or None without a binary."""
    return _version(((read.get('versions') or {}).get(binary) or {}).get('stdout'))


def install_reasons(read, want):
    """Why Consul has to be installed (again): want = {method, binary, checksum, package, package_version}."""
    method = want['method']
    if method in ('archive', 'binary'):
        have = (read.get('checksums') or {}).get(want['binary'])
        if want.get('checksum') is None:
            return ['the binary is not on the controller yet']
        if have != want['checksum']:
            return ['%s is %s' % (want['binary'], 'missing' if have is None else 'another build')]
        return []
    versions = read.get('package_versions') or {}
    have = versions.get(want['package'])
    if have is None:
        return ['the %s package is not installed' % want['package']]
    if want.get('package_version') and have != want['package_version']:
        return ['the %s package is %s, not %s' % (want['package'], have, want['package_version'])]
    return []


def consul_host_reasons(read, want):
    """Why the consul role has to run on this host; [] when the agent runs as the inventory asks.

    read: this host's daemon_state answer. want: what the role would write (module_utils/consul_config builds
    the agent's configuration; the filter fills the rest in): {install, config_dir, config (its file, for the
    installed version, or None when the version is unknown), unit, unit_path, key_file, token_file, marker,
    certificate (reasons from the PKI and the host's files)}.
    """
    if not isinstance(read, dict) or read.get('failed') or read.get('skipped') or not read.get('read'):
        return ['no read of this host']
    record = read['read']
    missing = [path for path in want['paths'] if path not in (record.get('checksums') or [])]
    install = want['install']
    if install['method'] == 'package':
        # The version comes from the package.
        covered = install['package'] in (record.get('packages') or [])
    else:
        covered = install['binary'] in (record.get('versions') or [])
    if missing or 'consul' not in (record.get('services') or []) or not covered:
        return ['the read does not cover %s' % ', '.join(missing or ['the consul service and version'])]
    checksums = read.get('checksums') or {}
    reasons = install_reasons(read, want['install'])
    if reasons:
        return reasons
    if want['config'] is None:
        return ['the installed Consul does not tell its version']
    for label, path, text in (('the configuration', want['config_dir'] + '/consul.json', want['config']),
                              ('the unit', want['unit_path'], want['unit']),
                              ('the gossip key', want['config_dir'] + '/encrypt.json', want['key_file']),
                              ('the agent token', want['config_dir'] + '/acl-tokens.json', want['token_file'])):
        if text is None:
            continue
        if checksums.get(path) is None:
            reasons.append('%s is missing' % label)
        elif checksums[path] != sha1(text):
            reasons.append('%s differs' % label)
    if (read.get('exists') or {}).get(want['marker']):
        reasons.append('a restart is pending from an earlier run')
    service = (read.get('services') or {}).get('consul') or {}
    if not (service.get('active') and service.get('enabled')):
        reasons.append('the agent is not running and enabled')
    return reasons + list(want.get('certificate') or [])


def gossip_key_problems(reads, key_path, wanted_key):
    """Why the gossip key needs the role: nodes without the key file, nodes that disagree, or a key asked
    for that the cluster does not have. [] when every node holds the same file (and it is the one asked for)."""
    found = [(read.get('checksums') or {}).get(key_path) if isinstance(read, dict) else None for read in reads]
    if not found or None in found:
        return ['a node has no gossip key yet']
    if len(set(found)) > 1:
        return ['the nodes hold different gossip keys']
    if wanted_key and found[0] != sha1(gossip_key_file(wanted_key)):
        return ['consul_encrypt_key differs from the key the nodes hold']
    return []


def acl_objects(datacenter, anonymous_rules, registrator, classic_swarm, classic_prefix):
    """The policies and the tokens other than the agents' that the role keeps (without secrets)."""
    policies = [
        {'name': 'flotilla-anonymous', 'description': 'What DNS lookups need, for requests without a token',
         'rules': anonymous_rules},
        {'name': 'flotilla-registrator', 'description': 'Register and deregister services (Registrator)',
         'rules': 'service_prefix "" { policy = "write" }\n'},
    ]
    tokens = [{'accessor_id': ANONYMOUS_ACCESSOR, 'description': 'Anonymous Token', 'policies': ['flotilla-anonymous']}]
    if registrator:
        tokens.append({'accessor_id': accessor_id('registrator', datacenter), 'description': 'Registrator',
                       'policies': ['flotilla-registrator'], 'name': 'registrator'})
    if classic_swarm:
        policies.append({'name': 'flotilla-classic-swarm',
                         'description': "Classic Swarm's discovery (its keys, and the sessions that expire them)",
                         'rules': 'key_prefix "%s" { policy = "write" }\nsession_prefix "" { policy = "write" }\n'
                                  % classic_prefix})
        tokens.append({'accessor_id': accessor_id('classic swarm', datacenter), 'description': 'Classic Swarm discovery',
                       'policies': ['flotilla-classic-swarm'], 'name': 'classic_swarm'})
    return {'policies': policies, 'tokens': tokens}


def agent_token(datacenter, node):
    return {'accessor_id': accessor_id('agent', datacenter, node), 'description': 'Agent token for %s' % node,
            'node_identities': [{'node_name': node, 'datacenter': datacenter}]}


def acl_record(objects, management_token):
    """What the ACL host keeps after the objects were made: their digest (with the management token's), no secret."""
    digest = hashlib.sha256(json.dumps(objects, sort_keys=True).encode('utf-8'))
    digest.update(hashlib.sha256(management_token.encode('utf-8')).digest())
    return file_text({'objects': digest.hexdigest()})


def registrator_args(ip, resync, cleanup, deregister, internal, extra, backend):
    """Registrator's command line (after the program)."""
    args = ['-ip', str(ip)]
    if int(resync) > 0:
        args += ['-resync', str(int(resync))]
    if cleanup:
        args.append('-cleanup')
    args += ['-deregister', str(deregister)]
    if internal:
        args.append('-internal')
    return args + [str(arg) for arg in extra or []] + [str(backend)]


def _quote(arg):
    return arg if re.match(r'^[A-Za-z0-9_./:=@%+,-]+$', arg) else "'" + arg.replace("'", "'\"'\"'") + "'"


def registrator_unit(args, docker_socket):
    """Registrator's systemd unit (binary method)."""
    return '\n'.join([
        '# Written by flotilla.swarm.registrator',
        '[Unit]',
        'Description=Registrator: registers Docker containers\' published ports as services',
        'After=docker.service consul.service',
        'Requires=docker.service',
        '',
        '[Service]',
        'Environment=DOCKER_HOST=unix://%s' % docker_socket,
        'EnvironmentFile=-/etc/default/registrator',
        'ExecStart=/usr/local/bin/registrator %s' % ' '.join(_quote(arg) for arg in args),
        'Restart=always',
        'RestartSec=3',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
    ])


def registrator_env(token):
    return 'CONSUL_HTTP_TOKEN=%s\n' % token if token else ''


def registrator_fingerprint(image, args, token):
    """The label the container carries: what it was made with, its token included (as a digest)."""
    return hashlib.sha256(json.dumps([image, args, token or ''], sort_keys=True).encode('utf-8')).hexdigest()


def registrator_host_reasons(read, want):
    """Why the registrator role has to run on this host; [] when Registrator runs as the inventory asks.

    want: {method, name (container), fingerprint, binary_path, binary_checksum, unit_path, unit, env_path, env}.
    """
    if not isinstance(read, dict) or read.get('failed') or read.get('skipped') or not read.get('read'):
        return ['no read of this host']
    record = read['read']
    if want['method'] == 'container':
        if want['name'] not in (record.get('containers') or []):
            return ['the read does not cover the container']
        container = (read.get('containers') or {}).get(want['name'])
        if not container:
            return ['no %s container' % want['name']]
        reasons = []
        if (container.get('labels') or {}).get('flotilla.swarm.fingerprint') != want['fingerprint']:
            reasons.append('the container was made with other settings')
        if not container.get('running'):
            reasons.append('the container is not running')
        return reasons
    paths = [want['binary_path'], want['unit_path'], want['env_path']]
    if [path for path in paths if path not in (record.get('checksums') or [])] or \
            'registrator' not in (record.get('services') or []):
        return ['the read does not cover registrator']
    checksums = read.get('checksums') or {}
    reasons = []
    if want['binary_checksum'] is None or checksums.get(want['binary_path']) != want['binary_checksum']:
        reasons.append('the binary differs')
    for label, path, text in (('the unit', want['unit_path'], want['unit']), ('its environment', want['env_path'], want['env'])):
        if checksums.get(path) != sha1(text):
            reasons.append('%s differs' % label)
    service = (read.get('services') or {}).get('registrator') or {}
    if not (service.get('active') and service.get('enabled')):
        reasons.append('registrator is not running and enabled')
    return reasons
