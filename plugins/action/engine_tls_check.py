# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""engine_tls_check: waits on the controller until an engine's TLS API answers (see its module documentation)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ssl
import time

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.flotilla.swarm.plugins.plugin_utils.tls_probe import ping, tls_context


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False

    _VALID_ARGS = frozenset(('host', 'port', 'tls_hostname', 'ca_path', 'client_cert', 'client_key', 'timeout', 'delay'))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=dict(
            host=dict(type='str', required=True),
            port=dict(type='int', default=2376),
            tls_hostname=dict(type='str'),
            ca_path=dict(type='path', required=True),
            client_cert=dict(type='path', required=True),
            client_key=dict(type='path', required=True),
            timeout=dict(type='int', default=60),
            delay=dict(type='float', default=2.0),
        ))
        tls_hostname = args['tls_hostname'] or args['host']
        try:
            context = tls_context(args['ca_path'], args['client_cert'], args['client_key'])
        except (OSError, ssl.SSLError) as exc:
            raise AnsibleActionFail('Cannot load the client certificate or the CA (%s, %s, %s): %s'
                                    % (args['ca_path'], args['client_cert'], args['client_key'], exc))
        started = time.monotonic()
        deadline = started + args['timeout']
        while True:
            try:
                api_version = ping(args['host'], args['port'], context, tls_hostname, timeout=min(10, args['timeout']))
                break
            except ssl.SSLCertVerificationError as exc:
                # A wrong certificate does not get better by waiting.
                raise AnsibleActionFail('The engine API at %s:%d presents a certificate the CA %s does not vouch for '
                                        'as %s: %s' % (args['host'], args['port'], args['ca_path'], tls_hostname,
                                                       exc.verify_message or exc))
            except (OSError, ValueError) as exc:
                if time.monotonic() + args['delay'] > deadline:
                    raise AnsibleActionFail('The engine API at %s:%d did not answer over TLS within %d s: %s. Is the '
                                            'engine running with tlsverify on that address, and does it trust the '
                                            'CA %s?' % (args['host'], args['port'], args['timeout'], exc, args['ca_path']))
                time.sleep(args['delay'])
        result.update(changed=False, api_version=api_version, seconds=round(time.monotonic() - started, 2))
        return result
