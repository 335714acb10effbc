# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keys and certificates of the collection's PKI, with the Python cryptography library.

One CA per cluster (self-signed, CA:TRUE, pathlen 0) issues the engine, service and
client certificates. The extensions are those community.crypto's x509_certificate
(ownca provider) writes, so certificates issued before and after look alike to
Docker, Consul and openssl.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    HAS_CRYPTOGRAPHY = True
except ImportError:
    HAS_CRYPTOGRAPHY = False

EXTENDED_KEY_USAGES = ('serverAuth', 'clientAuth')
KEY_USAGES = ('digitalSignature', 'keyEncipherment', 'keyCertSign', 'cRLSign')


def new_private_key(key_type):
    """A new key: ECC (P-256) or RSA (4096 bits)."""
    if key_type == 'ECC':
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=4096)


def key_matches_type(key, key_type):
    return isinstance(key, ec.EllipticCurvePrivateKey if key_type == 'ECC' else rsa.RSAPrivateKey)


def private_key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key(data):
    return serialization.load_pem_private_key(data, password=None)


def certificate_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def load_certificate(data):
    return x509.load_pem_x509_certificate(data)


def not_after(cert):
    """The certificate's expiry as a naive UTC datetime."""
    if hasattr(cert, 'not_valid_after_utc'):
        return cert.not_valid_after_utc.replace(tzinfo=None)
    return cert.not_valid_after


def general_name(entry):
    """'IP:10.0.0.1' or 'DNS:node-1' as an x509 general name."""
    kind, _sep, value = entry.partition(':')
    if kind == 'IP':
        return x509.IPAddress(ipaddress.ip_address(value))
    if kind == 'DNS':
        return x509.DNSName(value)
    raise ValueError("subject alternative name %r is neither IP:<address> nor DNS:<name>" % entry)


def _key_usage(usages):
    return x509.KeyUsage(
        digital_signature='digitalSignature' in usages, key_encipherment='keyEncipherment' in usages,
        key_cert_sign='keyCertSign' in usages, crl_sign='cRLSign' in usages, content_commitment=False,
        data_encipherment=False, key_agreement=False, encipher_only=False, decipher_only=False)


def build_certificate(key, common_name, days, now, issuer_cert=None, issuer_key=None, subject_alt_names=(),
                      extended_key_usages=(), key_usages=('digitalSignature', 'keyEncipherment')):
    """A certificate for key: issued by issuer_cert/issuer_key, or a self-signed CA when they are None."""
    self_signed = issuer_cert is None
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    signing_key = key if self_signed else issuer_key
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(subject if self_signed else issuer_cert.subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now)
               .not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
                              critical=False))
    if self_signed:
        builder = (builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(_key_usage(('keyCertSign', 'cRLSign')), critical=True))
    else:
        builder = builder.add_extension(_key_usage(key_usages), critical=False)
        if subject_alt_names:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([general_name(name) for name in subject_alt_names]), critical=False)
        if extended_key_usages:
            oids = {'serverAuth': ExtendedKeyUsageOID.SERVER_AUTH, 'clientAuth': ExtendedKeyUsageOID.CLIENT_AUTH}
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([oids[usage] for usage in extended_key_usages]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())
