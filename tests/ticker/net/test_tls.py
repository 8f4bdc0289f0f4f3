"""Session trust: OS store via truststore, ca_bundle from settings, CA-bundle env vars ignored.

A throw-away CA and a localhost certificate are made with the openssl CLI; the server is the
real hostile server wrapped in TLS.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
import requests

from tests.ticker.net.hostile_server import HostileServer, static
from ticker.net.fetcher import Fetcher, FetchError
from ticker.net.tls import TrustStoreAdapter, make_session

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")

BODY = b'{"version": "https://jsonfeed.org/version/1.1", "items": []}'


def _openssl(*args: str, cwd) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _make_ca(directory, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
             "-subj", f"/CN=Notice Ticker test {name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    _make_ca(d, "ca")
    _make_ca(d, "other")
    (d / "ext.cnf").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", cwd=d)
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)
    return d


@pytest.fixture
def tls_server(pki):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    server = HostileServer(ssl_context=context)
    server.route("/feed.json", static(BODY))
    yield server
    server.stop()


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def fetch(session, url):
    return Fetcher(session, read_timeout=5, total_deadline=10).fetch(url, None, None, None)


def test_ca_bundle_setting_is_trusted(tls_server, pki, clean_env):
    with make_session(ca_bundle=pki / "ca.pem") as session:
        assert fetch(session, tls_server.url("/feed.json")).body == BODY
        assert session.tls_warnings == []


def test_unknown_ca_is_a_tls_error(tls_server, clean_env):
    with make_session() as session:
        with pytest.raises(FetchError) as info:
            fetch(session, tls_server.url("/feed.json"))
    assert info.value.kind == "tls"
    assert "인증서" in str(info.value) and "certificate" in str(info.value)


@pytest.mark.parametrize("env_var", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_ca_bundle_env_var_cannot_replace_the_setting(tls_server, pki, clean_env, env_var):
    # The trap: with plain requests the env var silently wins over Session.verify ...
    clean_env.setenv(env_var, str(pki / "other.pem"))
    with requests.Session() as plain:
        plain.verify = str(pki / "ca.pem")
        with pytest.raises(requests.exceptions.SSLError):
            plain.get(tls_server.url("/feed.json"), timeout=5)
    # ... our session keeps the configured trust.
    with make_session(ca_bundle=pki / "ca.pem") as session:
        assert fetch(session, tls_server.url("/feed.json")).body == BODY


@pytest.mark.parametrize("env_var", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_ca_bundle_env_var_does_not_add_trust_either(tls_server, pki, clean_env, env_var):
    # Trust is decided by the OS store plus the ca_bundle setting, nothing else.
    clean_env.setenv(env_var, str(pki / "ca.pem"))
    with make_session() as session:
        with pytest.raises(FetchError) as info:
            fetch(session, tls_server.url("/feed.json"))
    assert info.value.kind == "tls"


def test_explicit_per_request_verify_is_still_respected(tls_server, pki, clean_env):
    clean_env.setenv("REQUESTS_CA_BUNDLE", str(pki / "other.pem"))
    with make_session() as session:
        response = session.get(tls_server.url("/feed.json"), verify=str(pki / "ca.pem"),
                               timeout=5)
        assert response.content == BODY


def test_unreadable_ca_bundle_is_reported_not_fatal(tmp_path, clean_env):
    missing = tmp_path / "no-such-bundle.pem"
    with make_session(ca_bundle=missing) as session:
        assert len(session.tls_warnings) == 1
        assert "CA 인증서" in session.tls_warnings[0] and str(missing) in session.tls_warnings[0]
        assert isinstance(session.get_adapter("https://x"), TrustStoreAdapter)


def test_session_uses_truststore_without_patching_ssl_globally(clean_env):
    before = ssl.SSLContext
    with make_session() as session:
        adapter = session.get_adapter("https://example.invalid/")
        assert type(adapter.ssl_context).__module__.startswith("truststore")
    assert ssl.SSLContext is before
