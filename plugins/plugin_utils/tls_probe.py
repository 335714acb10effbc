# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asks an engine's TLS API for /_ping the way a docker client with DOCKER_TLS_VERIFY=1 reaches it.

Controller-side (plugin_utils): the engine_tls_check action runs it in its own
worker process on the controller, so checking eleven engines starts no Python process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client as http_client
import ssl


def tls_context(ca_path, client_cert, client_key):
    """Trusts only ca_path, checks the engine's name, and presents the client certificate."""
    context = ssl.create_default_context(cafile=ca_path)
    context.load_cert_chain(client_cert, client_key)
    return context


class EngineTLSConnection(http_client.HTTPConnection):
    """HTTPS to host:port that checks the engine's certificate for tls_hostname (which need not be host)."""

    def __init__(self, host, port, context, tls_hostname, timeout):
        http_client.HTTPConnection.__init__(self, host, port, timeout=timeout)
        self.tls_context = context
        self.tls_hostname = tls_hostname

    def connect(self):
        http_client.HTTPConnection.connect(self)
        self.sock = self.tls_context.wrap_socket(self.sock, server_hostname=self.tls_hostname)


def ping(host, port, context, tls_hostname, timeout):
    """GET /_ping over TLS; returns the engine's API version. Raises OSError, ssl.SSLError or ValueError."""
    connection = EngineTLSConnection(host, port, context, tls_hostname, timeout)
    try:
        connection.request('GET', '/_ping')
        response = connection.getresponse()
        body = response.read()
    except http_client.HTTPException as exc:
        raise ValueError('not an HTTP response: %s' % exc)
    finally:
        connection.close()
    if response.status != 200:
        raise ValueError('the engine answered /_ping with HTTP %d: %s'
                         % (response.status, body[:200].decode('utf-8', 'replace')))
    return response.getheader('Api-Version', '')
