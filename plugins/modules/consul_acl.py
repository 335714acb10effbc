#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: consul_acl
short_description: Consul ACL policies and tokens, all in one run against an agent
version_added: 0.1.0
description:
  - Creates or updates the given ACL policies (found by name) and tokens (found by accessor ID) through a Consul
    agent's HTTP API, in one module run. The consul role makes its policies and every agent's token with it.
  - A token whose secret differs from its C(secret_id) in O(tokens) is deleted and made again with that secret (Consul
    cannot change a token's secret).
  - Returns no secret.
extends_documentation_fragment:
  - flotilla.swarm.attributes
  - flotilla.swarm.attributes.converges
options:
  url:
    description: The agent's HTTP API.
    type: str
    default: http://127.0.0.1:8500
  token:
    description: A token that may manage ACLs (the management token).
    type: str
    required: true
  policies:
    description: The policies, each with C(name), C(description) and C(rules).
    type: list
    elements: dict
    default: []
  tokens:
    description:
      - The tokens, each with C(accessor_id), C(description), and C(secret_id) (left out for tokens whose secret
        Consul keeps, such as the anonymous token), C(policies) (names) and C(node_identities)
        (C(node_name), C(datacenter)).
    type: list
    elements: dict
    default: []
  timeout:
    description: Seconds to wait for each answer.
    type: int
    default: 30
author:
  - flotilla.swarm maintainers (@flotilla)
'''

EXAMPLES = r'''
- name: A policy and a token for Registrator
  flotilla.swarm.consul_acl:
    token: "{{ management_token }}"
    policies:
      - name: registrator
        description: Register and deregister services
        rules: |
          service_prefix "" { policy = "write" }
    tokens:
      - accessor_id: 0c1bd7b1-9d2a-4b53-8e62-0a1c7a1c2e11
        secret_id: "{{ registrator_secret }}"
        description: Registrator
        policies: [registrator]
  no_log: true
'''

RETURN = r'''
policies:
  description: What was done to each policy (C(create), C(update)), by name; policies left as they were are not listed.
  returned: always
  type: dict
  sample: {flotilla-registrator: update}
tokens:
  description: What was done to each token (C(create), C(update), C(replace)), by accessor ID.
  returned: always
  type: dict
  sample: {0c1bd7b1-9d2a-4b53-8e62-0a1c7a1c2e11: create}
'''

import json

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six.moves.urllib.error import HTTPError
from ansible.module_utils.urls import open_url

from ansible_collections.flotilla.swarm.plugins.module_utils.consul_acl import (
    policy_action, policy_body, token_action, token_body)


class ConsulApi(object):

    def __init__(self, module):
        self.module = module
        self.url = module.params['url'].rstrip('/')

    def call(self, method, path, body=None, missing_ok=False):
        try:
            response = open_url(self.url + path, method=method,
                                data=None if body is None else json.dumps(body),
                                headers={'X-Consul-Token': self.module.params['token']},
                                timeout=self.module.params['timeout'])
            text = response.read()
            return json.loads(text) if text else None
        except HTTPError as exc:
            detail = to_text(exc.read() or b'')
            # Consul answers 403 "ACL not found" for a token it does not have.
            if missing_ok and (exc.code == 404 or 'not found' in detail):
                return None
            self.module.fail_json(msg='Consul answered %s %s with %s: %s' % (method, path, exc.code, detail.strip()))
        except Exception as exc:  # pylint: disable=broad-except
            self.module.fail_json(msg='Consul does not answer %s %s at %s: %s' % (method, path, self.url, to_text(exc)))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            url=dict(type='str', default='http://127.0.0.1:8500'),
            token=dict(type='str', required=True, no_log=True),
            policies=dict(type='list', elements='dict', default=[]),
            tokens=dict(type='list', elements='dict', default=[], no_log=True),
            timeout=dict(type='int', default=30),
        ),
        supports_check_mode=True,
    )
    api = ConsulApi(module)
    done = {'policies': {}, 'tokens': {}}

    by_name = dict((p['Name'], p) for p in api.call('GET', '/v1/acl/policies') or [])
    for wanted in module.params['policies']:
        existing = by_name.get(wanted['name'])
        if existing is not None:
            existing = api.call('GET', '/v1/acl/policy/%s' % existing['ID'])
        action = policy_action(existing, wanted)
        if action and not module.check_mode:
            api.call('PUT', '/v1/acl/policy' + ('/%s' % existing['ID'] if action == 'update' else ''),
                     policy_body(wanted, existing if action == 'update' else None))
        if action:
            done['policies'][wanted['name']] = action

    for wanted in module.params['tokens']:
        accessor = wanted['accessor_id']
        existing = api.call('GET', '/v1/acl/token/%s' % accessor, missing_ok=True)
        action = token_action(existing, wanted)
        if action and not module.check_mode:
            if action == 'replace':
                api.call('DELETE', '/v1/acl/token/%s' % accessor)
            if action == 'update':
                body = token_body(wanted)
                body.pop('SecretID', None)
                api.call('PUT', '/v1/acl/token/%s' % accessor, body)
            else:
                api.call('PUT', '/v1/acl/token', token_body(wanted))
        if action:
            done['tokens'][accessor] = action

    module.exit_json(changed=bool(done['policies'] or done['tokens']), **done)


if __name__ == '__main__':
    main()
