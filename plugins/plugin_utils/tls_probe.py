# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asks an engine's TLS API for /_ping the way a docker client with DOCKER_TLS_VERIFY=1 reaches it.

Controller-side (plugin_utils): the engine_tls_check action runs it in its own
worker process on the controller, so checking eleven engines starts no Python process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import ssl


def tls_context(ca_path, client_cert, client_key):
    """Trusts only ca_path, checks the engine's name, and presents the client certificate."""
    context = ssl.create_default_context(cafile=ca_path)
    context.load_cert_chain(client_cert, client_key)
    return context


def parse_ping_response(raw):
    """(status code, headers with lower-case names, body) of a raw HTTP/1.x response."""
    head, _sep, body = raw.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    parts = lines[0].split(' ', 2)
    if len(parts) < 2 or not parts[0].startswith('HTTP/') or not parts[1].isdigit():
        raise ValueError('not an HTTP response: %r' % lines[0][:80])
    headers = {}
    for line in lines[1:]:
        name, _sep, value = line.partition(':')
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers, body


def ping(host, port, context, tls_hostname, timeout):
    """GET /_ping over TLS; returns the engine's API version. Raises OSError, ssl.SSLError or ValueError."""
    with socket.create_connection((host, port), timeout=timeout) as plain:
        with context.wrap_socket(plain, server_hostname=tls_hostname) as tls:
            tls.sendall(('GET /_ping HTTP/1.0\r\nHost: %s\r\n\r\n' % tls_hostname).encode('ascii'))
            chunks = []
            while True:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                chunks.append(chunk)
    status, headers, body = parse_ping_response(b''.join(chunks))
    if status != 200:
        raise ValueError('the engine answered /_ping with HTTP %d: %s' % (status, body[:200].decode('utf-8', 'replace')))
    return headers.get('api-version', '')
