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
import re
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


def _bool_env_fallback(variable):
    def fallback():
        value = os.environ.get(variable)
        if value is None:
            raise AnsibleFallbackNotFound
        return value.lower() not in ('', '0', 'false', 'no')
    return fallback


# Names and fallbacks follow community.docker's docker_* modules, so the same
# module_defaults (or task arguments) reach an engine with either collection.
ENGINE_ARGUMENT_SPEC = dict(
    docker_host=dict(type='str', default=DEFAULT_DOCKER_HOST, aliases=['docker_url'],
                     fallback=(env_fallback, ['DOCKER_HOST'])),
    tls=dict(type='bool', default=False, fallback=(_bool_env_fallback('DOCKER_TLS'),)),
    tls_verify=dict(type='bool', default=False, aliases=['validate_certs'],
                    fallback=(_bool_env_fallback('DOCKER_TLS_VERIFY'),)),
    tls_hostname=dict(type='str', fallback=(env_fallback, ['DOCKER_TLS_HOSTNAME'])),
    ca_path=dict(type='path', aliases=['ca_cert', 'tls_ca_cert', 'cacert_path'],
                 fallback=(_cert_path_fallback('ca.pem'),)),
    client_cert=dict(type='path', aliases=['cert_path', 'tls_client_cert'],
                     fallback=(_cert_path_fallback('cert.pem'),)),
    client_key=dict(type='path', aliases=['key_path', 'tls_client_key'],
                    fallback=(_cert_path_fallback('key.pem'),)),
    timeout=dict(type='int', default=60, fallback=(env_fallback, ['DOCKER_TIMEOUT'])),
)


def engine_argument_spec(**module_options):
    """The shared connection options plus a module's own."""
    spec = dict(ENGINE_ARGUMENT_SPEC)
    spec.update(module_options)
    return spec


def tls_settings(params):
    """How to reach the engine: (base_url, TLS settings or None).

    TLS is used on tcp when tls, tls_verify or a client certificate asks for it;
    tls_verify checks the engine's certificate against ca_path (and its name
    against tls_hostname when given). Returned as plain data so it can be tested.
    """
    host = params['docker_host']
    if not (host.startswith('tcp://') or host.startswith('https://')):
        return host, None
    if not (params['tls'] or params['tls_verify'] or params['client_cert']):
        return host, None
    settings = {
        'client_cert': (params['client_cert'], params['client_key']) if params['client_cert'] else None,
        'ca_cert': params['ca_path'],
        'verify': (params['ca_path'] or True) if params['tls_verify'] else False,
        'hostname': params.get('tls_hostname') if params['tls_verify'] else None,
    }
    return host.replace('tcp://', 'https://', 1), settings


def _hostname_adapter(hostname):
    """A requests adapter that checks the engine certificate against hostname, not the URL's host."""
    from requests.adapters import HTTPAdapter

    class HostnameAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            kwargs['assert_hostname'] = hostname
            kwargs['server_hostname'] = hostname
            super(HostnameAdapter, self).init_poolmanager(*args, **kwargs)

    return HostnameAdapter()


def connect(module):
    """An APIClient for the engine the module's options name; fails the module clearly."""
    if not HAS_DOCKER_SDK:
        module.fail_json(msg=missing_required_lib('docker (the Docker SDK for Python)'),
                         exception=DOCKER_SDK_IMPORT_ERROR)
    params = module.params
    base_url, settings = tls_settings(params)
    tls = None
    if settings:
        try:
            tls = docker.tls.TLSConfig(client_cert=settings['client_cert'], ca_cert=settings['ca_cert'],
                                       verify=settings['verify'])
        except DockerException as exc:
            module.fail_json(msg='Invalid TLS settings for %s: %s' % (params['docker_host'], exc))
        if settings['verify'] and settings['ca_cert']:
            # requests lets these variables override the CA file it was given
            # (psf/requests#3829); this process must trust only ca_path.
            for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
                os.environ.pop(name, None)
    try:
        if settings and settings['hostname']:
            # The version is asked for once the adapter that checks tls_hostname is in place.
            client = docker.APIClient(base_url=base_url, tls=tls, timeout=params['timeout'],
                                      version=docker.constants.MINIMUM_DOCKER_API_VERSION)
            client.mount('https://', _hostname_adapter(settings['hostname']))
            client._version = client._retrieve_server_version()
        else:
            client = docker.APIClient(base_url=base_url, tls=tls, timeout=params['timeout'], version='auto')
    except DockerException as exc:
        floor = api_floor_text(str(exc), docker.__version__)
        if floor:
            module.fail_json(msg='The Docker engine at %s refused this client: %s' % (params['docker_host'], floor))
        module.fail_json(msg='Cannot reach the Docker engine at %s: %s. Is the engine running, '
                             'and are docker_host and the TLS options right?' % (params['docker_host'], exc))
    return client


# The engine's answer to a client below its API floor (Docker Engine 29 refuses API < 1.44).
_API_TOO_OLD = re.compile(r'client version (\S+) is too old\. Minimum supported API version is ([0-9.]+)')


def api_floor_text(text, sdk_version):
    """What to do when the engine refused the client's API version, naming both; None for other errors."""
    match = _API_TOO_OLD.search(text or '')
    if not match:
        return None
    return ('the engine serves API %s and later, this client spoke API %s (Docker SDK for Python %s): install a '
            'Docker SDK for Python that speaks API %s (pip install docker, or a newer python3-docker), or lower '
            'the engine\'s floor with DOCKER_MIN_API_VERSION in its environment'
            % (match.group(2), match.group(1), sdk_version, match.group(2)))


def api_error_text(exc):
    """The engine's own explanation of an API error (what to do, when it is the API floor)."""
    explanation = getattr(exc, 'explanation', None)
    if isinstance(explanation, bytes):
        explanation = explanation.decode('utf-8', 'replace')
    text = explanation or str(exc)
    return api_floor_text(text, getattr(docker, '__version__', 'unknown') if HAS_DOCKER_SDK else 'missing') or text


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


def manager_swarm_state(module, client, why):
    """local_swarm_state of an engine that is an active swarm manager; fails the module otherwise, with why
    (what only a manager does) in the message."""
    local = local_swarm_state(client)
    if local.get('LocalNodeState') != 'active' or not local.get('ControlAvailable'):
        module.fail_json(msg='This engine is not an active swarm manager (state %s): %s.'
                             % (local.get('LocalNodeState', 'inactive'), why))
    return local
