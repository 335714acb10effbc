# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asking the local engine for docker info over its unix socket, with the standard library only
(no Docker SDK: it answers on hosts where nothing is installed yet)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client as http_client
import json
import os
import socket


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
