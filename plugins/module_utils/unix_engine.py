# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asking the local engine for docker info and its lists of containers, images, networks and volumes over
its unix socket, with the standard library only (no Docker SDK: it answers on hosts where nothing is
installed yet, and a module that uses it starts in a fraction of the time)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client as http_client
import json
import os
import socket
from urllib.parse import quote

# Where the engine listens unless told otherwise (the socket the modules' socket option defaults to).
DEFAULT_SOCKET = '/var/run/docker.sock'


class UnixHTTPConnection(http_client.HTTPConnection):
    """HTTP over the engine's unix socket."""

    def __init__(self, path, timeout=60):
        http_client.HTTPConnection.__init__(self, 'localhost', timeout=timeout)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def engine_get(path, endpoint, timeout=60):
    """(the engine's JSON answer to GET endpoint, None) or (None, why not)."""
    if not os.path.exists(path):
        return None, '%s does not exist' % path
    connection = UnixHTTPConnection(path, timeout=timeout)
    try:
        connection.request('GET', endpoint)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            return None, 'GET %s answered %s' % (endpoint, response.status)
        return json.loads(body.decode('utf-8')), None
    except (socket.error, OSError, ValueError, http_client.HTTPException) as exc:
        return None, str(exc)
    finally:
        connection.close()


def engine_info(path, timeout=60):
    """(docker info, None) or (None, why not)."""
    return engine_get(path, '/info', timeout)


# The engine API's list of each kind; containers in every state, as docker ps -a lists them.
LIST_ENDPOINTS = {
    'containers': '/containers/json?all=1',
    'images': '/images/json',
    'networks': '/networks',
    'volumes': '/volumes',
}


def list_endpoint(kind, filters=None):
    """The endpoint that lists kind with the engine API's filters ({name: a value or a list of values})."""
    endpoint = LIST_ENDPOINTS[kind]
    wanted = dict((str(name), [str(item) for item in (value if isinstance(value, (list, tuple)) else [value])])
                  for name, value in (filters or {}).items())
    if not wanted:
        return endpoint
    return endpoint + ('&' if '?' in endpoint else '?') + 'filters=' + quote(json.dumps(wanted, sort_keys=True))


def engine_list(path, kind, filters=None, timeout=60):
    """(the engine's list of kind, as its API answers it, None) or (None, why not)."""
    answer, error = engine_get(path, list_endpoint(kind, filters), timeout)
    if kind == 'volumes' and answer is not None:
        # The one list that comes wrapped: {"Volumes": [...] or null, "Warnings": ...}.
        answer = answer.get('Volumes') or []
    return answer, error
