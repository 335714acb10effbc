#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: daemon_config
short_description: Write the Docker engine's daemon.json, checked before it can take a node down
version_added: 0.1.0
description:
  - Compares the wanted configuration with the file as JSON (key order and formatting do not count).
  - Before writing, checks the configuration - directives dockerd does not know, values of the wrong type,
    hosts that are not endpoints, labels that are not key=value, tlsverify without its files - and, where the
    engine has it (23.0 and later), runs C(dockerd --validate) on the new file. A configuration that fails
    is not written, so the running engine and its next restart are unaffected.
  - Refuses a tcp:// endpoint without TLS client verification unless O(allow_unverified_tcp=true), and warns on
    every run while the configuration has one.
  - With O(dropin), also writes the engine service's systemd drop-in (a change there needs the same restart).
  - Does not restart the engine; the caller restarts it when the task reports a change. With O(restart_marker),
    the module creates that file before it changes anything, so a run interrupted before the restart leaves a
    record that the restart is still due.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges_with_diff
options:
  path:
    description: Path of daemon.json.
    type: path
    default: /etc/docker/daemon.json
  config:
    description: The configuration, without engine labels.
    type: dict
    default: {}
  labels:
    description:
      - Engine labels, as a mapping; written as the C(labels) list (C(storage=ssd)) that placement constraints
        such as C(engine.labels.storage==ssd) use. They replace any C(labels) in O(config).
      - Keys start with a letter or digit and hold letters, digits, C(.), C(_), C(/) and C(-); values are
        strings or numbers without white space.
    type: dict
    default: {}
  dockerd:
    description: Path of dockerd, for C(dockerd --validate) when the engine supports it.
    type: path
  allow_unverified_tcp:
    description: Allow a tcp:// endpoint without TLS client verification (anyone who reaches it owns the host).
    type: bool
    default: false
  backup:
    description:
      - Return the previous file's timestamped backup as RV(backup_file). The copy is made either way when a file
        is replaced, for RV(rollback).
    type: bool
    default: true
  dropin:
    description:
      - Content of the engine service's systemd drop-in (such as one that removes C(-H fd://) from C(ExecStart)
        when daemon.json sets C(hosts)), written to O(dropin_path) when it differs. Omitted leaves any drop-in as
        it is.
    type: str
  dropin_path:
    description: Path of the drop-in; its directory is created when missing.
    type: path
    default: /etc/systemd/system/docker.service.d/flotilla.conf
  restart_marker:
    description: File to create (mode 0600) before daemon.json or the drop-in changes; the caller removes it after the restart.
    type: path
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: Engine labels and a TLS-only API
  flotilla.swarm.daemon_config:
    labels:
      storage: ssd
      zone: external
    config:
      storage-driver: overlay2
      hosts: [unix:///var/run/docker.sock, tcp://10.0.0.11:2376]
      tlsverify: true
      tlscacert: /etc/docker/tls/ca.pem
      tlscert: /etc/docker/tls/server-cert.pem
      tlskey: /etc/docker/tls/server-key.pem
  register: daemon_json
'''

RETURN = r'''
config:
  description: The configuration now in the file.
  returned: success
  type: dict
backup_file:
  description: The previous file, when it was replaced and O(backup=true).
  returned: changed and a previous file existed
  type: str
validated_by:
  description: V(dockerd --validate) or V(built-in checks).
  returned: when daemon.json changed
  type: str
dropin_changed:
  description: Whether the drop-in was (or in check mode would be) written.
  returned: success
  type: bool
unverified_tcp_hosts:
  description: tcp:// endpoints that do not verify client certificates.
  returned: success
  type: list
  elements: str
differs:
  description: Whether daemon.json or the drop-in differs from what is wanted (written, or in check mode would be).
  returned: success
  type: bool
rollback:
  description:
    - What puts the previous files back, for M(flotilla.swarm.daemon_restart)'s O(flotilla.swarm.daemon_restart#module:rollback)
      when the engine does not start with the new ones - each written file with its backup, V(null) for a file that
      did not exist before.
  returned: changed and not in check mode
  type: list
  elements: dict
  sample: [{path: /etc/docker/daemon.json, backup: /etc/docker/daemon.json.1234.2026-12-02@10:00:00~}]
'''

import json
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import (
    build_daemon_config, check_daemon_config, daemon_json_text, unverified_tcp_hosts)
from ansible_collections.flotilla.swarm.plugins.module_utils.files import read_bytes, write_atomically


def read_current(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError):
        return {}
    except ValueError:
        return None  # not JSON: always replaced


def backup(module, path):
    """A timestamped copy of path beside it, or None when there is no file (putting it back means removing it)."""
    return module.backup_local(path) if os.path.exists(path) else None


def dockerd_validate(module, dockerd, text):
    """(ran, error) for `dockerd --validate`; ran is False when the engine has no such flag."""
    if not dockerd or not os.path.exists(dockerd):
        return False, None
    rc, out, err = module.run_command([dockerd, '--help'])
    if '--validate' not in out + err:
        return False, None
    fd, candidate = tempfile.mkstemp(suffix='.json')
    try:
        with os.fdopen(fd, 'w') as handle:
            handle.write(text)
        rc, out, err = module.run_command([dockerd, '--validate', '--config-file', candidate])
    finally:
        os.unlink(candidate)
    return True, (err or out).strip() if rc != 0 else None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/docker/daemon.json'),
            config=dict(type='dict', default={}),
            labels=dict(type='dict', default={}),
            dockerd=dict(type='path'),
            allow_unverified_tcp=dict(type='bool', default=False),
            backup=dict(type='bool', default=True),
            dropin=dict(type='str'),
            dropin_path=dict(type='path', default='/etc/systemd/system/docker.service.d/flotilla.conf'),
            restart_marker=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    path = module.params['path']
    try:
        config = build_daemon_config(module.params['config'], labels=module.params['labels'])
    except ValueError as exc:
        module.fail_json(msg='daemon.json not written: %s' % exc)
    unverified = unverified_tcp_hosts(config)
    if unverified and not module.params['allow_unverified_tcp']:
        module.fail_json(msg='daemon.json would expose the engine API on %s without TLS client verification. '
                             'Turn TLS on, or allow it explicitly (allow_unverified_tcp).' % ', '.join(unverified))
    if unverified:
        # Every run, not only the one that writes it: the exposure lasts.
        module.warn('the engine API listens on %s without TLS client verification: anyone who reaches it is root '
                    'on this host.' % ', '.join(unverified))

    current = read_current(path)
    dropin = module.params['dropin']
    dropin_path = module.params['dropin_path']
    dropin_changed = dropin is not None and read_bytes(dropin_path) != dropin.encode('utf-8')
    result = dict(changed=dropin_changed, config=config, unverified_tcp_hosts=unverified, dropin_changed=dropin_changed,
                  differs=dropin_changed)
    text = None
    if current != config:
        problems = check_daemon_config(config)
        if problems:
            module.fail_json(msg='daemon.json not written, dockerd would refuse it: %s' % '; '.join(problems),
                             problems=problems)
        text = daemon_json_text(config)
        ran, error = dockerd_validate(module, module.params['dockerd'], text)
        if error:
            module.fail_json(msg='daemon.json not written, "dockerd --validate" refused it: %s' % error)
        result.update(changed=True, differs=True, validated_by='dockerd --validate' if ran else 'built-in checks')
        if module._diff:
            result['diff'] = dict(before=json.dumps(current or {}, indent=2, sort_keys=True) + '\n', after=text,
                                  before_header=path, after_header=path)
    if module.check_mode or not result['changed']:
        module.exit_json(**result)

    if module.params['restart_marker'] and not os.path.exists(module.params['restart_marker']):
        write_atomically(module, module.params['restart_marker'], b'', 0o600, dir_mode=0o755)
    result['rollback'] = []
    if text is not None:
        result['rollback'].append(dict(path=path, backup=backup(module, path)))
        result['backup_file'] = result['rollback'][-1]['backup']
        write_atomically(module, path, text.encode('utf-8'), 0o644, dir_mode=0o755)
    if dropin_changed:
        result['rollback'].append(dict(path=dropin_path, backup=backup(module, dropin_path)))
        write_atomically(module, dropin_path, dropin.encode('utf-8'), 0o644, dir_mode=0o755)
    if result.get('backup_file') is None or not module.params['backup']:
        result.pop('backup_file', None)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
