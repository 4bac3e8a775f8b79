"""The live site: the health URL through Apache, and the error log's recent lines."""
import http.client
import os
import socket
import ssl
import time

from . import signatures
from .model import FAIL, PASS, SKIP, WARN
from .registry import check


class LoopbackHTTPS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 with the site's name for SNI; the certificate is not what this check judges."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def connection_to(target):
    if target.tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return LoopbackHTTPS(target.server_name, target.port, timeout=target.timeout, context=context)
    return http.client.HTTPConnection("127.0.0.1", target.port, timeout=target.timeout)


@check("health", "live")
def health(d):
    path = d.facts["healthUrl"]
    started = time.time()
    connection = connection_to(d.target)
    what = "GET %s://127.0.0.1:%d%s (Host: %s)" % ("https" if d.target.tls else "http", d.target.port, path, d.target.host_header)
    try:
        connection.request("GET", path, headers={"Host": d.target.host_header, "User-Agent": "modwsgi-doctor"})
        response = connection.getresponse()
        response.read(65536)
    except (OSError, http.client.HTTPException) as error:
        return FAIL, "%s: %s after %.1f s" % (what, error or type(error).__name__, time.time() - started), (
            "see the error-log check; a request that hangs is often an app.run() or a daemon that cannot start"
        )
    finally:
        connection.close()
    took = time.time() - started
    if 200 <= response.status < 300:
        return PASS, "%s answered %d in %.2f s" % (what, response.status, took), ""
    return FAIL, "%s answered %d %s" % (what, response.status, response.reason), (
        "see the error-log check for the cause; a 404 can mean another vhost answered (vhost-order check) or a wrong healthUrl"
    )


@check("error-log", "live")
def error_log(d):
    path, said = log_file(d)
    if not path:
        return SKIP, said, ""
    try:
        lines = signatures.recent_lines(path)
    except OSError as error:
        return WARN, "cannot read %s (%s)" % (path, error.strerror), "run the doctor as root to read Apache's log"
    found = signatures.match(lines)
    if not found:
        return PASS, "%d recent lines of %s match no known problem" % (len(lines), path), ""
    details = [{"text": "%s (%d line%s): %s" % (m["id"], m["count"], "" if m["count"] == 1 else "s", m["line"][:300]),
                "cause": m["cause"], "fix": m["fix"]} for m in found]
    return WARN, "%d recent lines of %s match %d known problem%s: %s" % (
        len(lines), path, len(found), "" if len(found) == 1 else "s", ", ".join(m["id"] for m in found)), found[0]["fix"], details


def log_file(d):
    override = d.target.env("MODWSGI_ERROR_LOG")
    if override:
        return override, "MODWSGI_ERROR_LOG"
    if d.facts["logDir"]:
        return os.path.join(d.facts["logDir"], d.target.name + "-error.log"), "logDir"
    main = d.apache.main_error_log()
    if main:
        return main, "Main ErrorLog"
    for candidate in d.platform.get("errorLogs", []):
        if os.path.exists(candidate):
            return candidate, "platform"
    return None, "no error log found (no logDir, and %s -S names none)" % d.apache.command_text
