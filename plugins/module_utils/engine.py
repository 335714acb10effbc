# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one connection helper every flotilla.swarm module uses to reach an engine.

Talks to the engine through the Docker SDK for Python's low-level APIClient,
over the unix socket or tcp with TLS. Options follow the docker CLI's
environment (DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_TLS_VERIFY).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time
import traceback

from ansible.module_utils.basic import AnsibleFallbackNotFound, env_fallback, missing_required_lib

try:
    import docker
    from docker.errors import APIError, DockerException
    HAS_DOCKER_SDK = True
    DOCKER_SDK_IMPORT_ERROR = None
except ImportError:
    HAS_DOCKER_SDK = False
    DOCKER_SDK_IMPORT_ERROR = traceback.format_exc()

    class APIError(Exception):  # noqa: N818 - placeholder so except clauses still parse
        pass

    DockerException = APIError

DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock'


def _cert_path_fallback(name):
    def fallback():
        cert_path = os.environ.get('DOCKER_CERT_PATH')
        if cert_path:
            return os.path.join(cert_path, name)
        raise AnsibleFallbackNotFound
    return fallback


def _tls_verify_fallback():
    value = os.environ.get('DOCKER_TLS_VERIFY')
    if value is None:
        raise AnsibleFallbackNotFound
    return value not in ('', '0', 'false', 'no')


ENGINE_ARGUMENT_SPEC = dict(
    docker_host=dict(type='str', default=DEFAULT_DOCKER_HOST, aliases=['docker_url'],
                     fallback=(env_fallback, ['DOCKER_HOST'])),
    tls_verify=dict(type='bool', default=False, fallback=(_tls_verify_fallback,)),
    ca_path=dict(type='path', aliases=['ca_cert'], fallback=(_cert_path_fallback('ca.pem'),)),
    client_cert=dict(type='path', aliases=['cert_path'], fallback=(_cert_path_fallback('cert.pem'),)),
    client_key=dict(type='path', aliases=['key_path'], fallback=(_cert_path_fallback('key.pem'),)),
    timeout=dict(type='int', default=60),
)


def engine_argument_spec(**module_options):
    """The shared connection options plus a module's own."""
    spec = dict(ENGINE_ARGUMENT_SPEC)
    spec.update(module_options)
    return spec


def connect(module):
    """An APIClient for the engine the module's options name; fails the module clearly."""
    if not HAS_DOCKER_SDK:
        module.fail_json(msg=missing_required_lib('docker (the Docker SDK for Python)'),
                         exception=DOCKER_SDK_IMPORT_ERROR)
    params = module.params
    host = params['docker_host']
    tls = None
    if host.startswith('tcp://') or host.startswith('https://'):
        if params['tls_verify'] or params['client_cert']:
            try:
                tls = docker.tls.TLSConfig(
                    client_cert=(params['client_cert'], params['client_key']) if params['client_cert'] else None,
                    ca_cert=params['ca_path'],
                    verify=params['ca_path'] if params['tls_verify'] else False,
                )
            except DockerException as exc:
                module.fail_json(msg='Invalid TLS settings for %s: %s' % (host, exc))
            host = host.replace('tcp://', 'https://', 1)
            if params['tls_verify'] and params['ca_path']:
                # requests lets these variables override the CA file it was given
                # (psf/requests#3829); this process must trust only ca_path.
                for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
                    os.environ.pop(name, None)
    try:
        client = docker.APIClient(base_url=host, tls=tls, timeout=params['timeout'], version='auto')
    except DockerException as exc:
        module.fail_json(msg='Cannot reach the Docker engine at %s: %s. Is the engine running, '
                             'and are docker_host and the TLS options right?' % (params['docker_host'], exc))
    return client


def api_error_text(exc):
    """The engine's own explanation of an API error."""
    explanation = getattr(exc, 'explanation', None)
    if isinstance(explanation, bytes):
        explanation = explanation.decode('utf-8', 'replace')
    return explanation or str(exc)


def is_version_conflict(exc):
    """Whether an API error is swarmkit's stale version index ("update out of sequence")."""
    return isinstance(exc, APIError) and 'update out of sequence' in api_error_text(exc)


def with_version_retry(read_modify_write, attempts=5, delay=0.5):
    """Run read_modify_write() again when the engine reports a stale version index.

    read_modify_write must read the object afresh on every call.
    """
    for attempt in range(attempts):
        try:
            return read_modify_write()
        except APIError as exc:
            if not is_version_conflict(exc) or attempt == attempts - 1:
                raise
            time.sleep(delay * (attempt + 1))
    return None  # not reached


def local_swarm_state(client):
    """The local engine's swarm section of /info (LocalNodeState, NodeID, Cluster, ...)."""
    return client.info().get('Swarm') or {}
