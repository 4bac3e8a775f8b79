"""Apache: config check, the site and its port, vhost order, static Alias, locale, sockets, SELinux."""
import os

from . import apache, system
from .model import FAIL, PASS, SKIP, WARN
from .registry import check


@check("apache-config", "apache")
def apache_config(d):
    code, out = d.apache.config_test()
    lines = [line for line in out.splitlines() if line.strip()]
    if code == 0:
        return PASS, "%s -t: %s" % (d.apache.command_text, lines[-1] if lines else "ok"), ""
    first = next((line for line in lines if not line.startswith("AH00558")), lines[0] if lines else "no output")
    return FAIL, "%s -t failed: %s" % (d.apache.command_text, first), (
        "correct the file and line it names, then run %s -t again; the running Apache keeps its old config until restarted" % d.apache.command_text
    )


@check("site", "apache")
def site_enabled(d):
    code, out, hosts = d.apache.vhosts()
    if code != 0:
        last = (out.strip().splitlines() or ["no output"])[-1]
        return FAIL, "%s -S failed: %s" % (d.apache.command_text, last), "see the apache-config check"
    ours = [h for h in hosts if h["port"] == d.target.port and d.answers_for(h)]
    if ours:
        host = ours[0]
        return PASS, "%s on port %d is in Apache's config (%s:%d)" % (d.target.server_name, d.target.port, host["file"], host["line"]), ""
    site = d.platform.get("siteConfig", "the platform's site folder")
    extra = " && a2ensite %s" % d.target.name if d.platform["id"] == "debian" else ""
    return FAIL, "no virtual host for %s on port %d in %s -S" % (d.target.server_name, d.target.port, d.apache.command_text), (
        "install %s as %s%s, then reload Apache (deploy/install-%s.sh does both)" % (d.facts["vhostFile"], site, extra, d.platform["id"])
    )


@check("port", "apache")
def port_listened(d):
    if system.listening(d.target.port):
        return PASS, "a process listens on TCP port %d" % d.target.port, ""
    return FAIL, "nothing listens on TCP port %d" % d.target.port, (
        "start Apache (%s start); a port other than 80 needs a Listen line (the generated vhost has one)" % d.apache.command_text
    )


@check("vhost-order", "apache")
def vhost_order(d):
    _, _, hosts = d.apache.vhosts()
    same = [h for h in hosts if h["port"] == d.target.port and d.answers_for(h)]
    if not same:
        return SKIP, "no virtual host for %s on port %d (see the site check)" % (d.target.server_name, d.target.port), ""
    first = same[0]
    where = lambda h: "%s:%d" % (h["file"], h["line"])  # noqa: E731
    if not d.is_ours(first):
        return FAIL, "%s:%d is answered first by another virtual host at %s" % (d.target.server_name, d.target.port, where(first)), (
            "remove or rename the ServerName %s in %s (Apache uses the first vhost that names a host)" % (d.target.server_name, first["file"])
        )
    if len(same) > 1:
        return WARN, "this site answers %s:%d first; %s also names it and never answers" % (
            d.target.server_name, d.target.port, ", ".join(where(h) for h in same[1:])), "remove the duplicate ServerName from %s" % same[1]["file"]
    return PASS, "only this site's vhost (%s) names %s on port %d" % (where(first), d.target.server_name, d.target.port), ""


@check("static", "apache")
def static_alias(d):
    if not d.facts["staticUrl"]:
        return SKIP, "staticUrl is empty: Flask serves static files itself", ""
    if os.path.isdir(d.target.static_dir):
        return PASS, "Alias %s -> %s exists" % (d.facts["staticUrl"], d.target.static_dir), ""
    return FAIL, "Alias %s points at %s, which does not exist" % (d.facts["staticUrl"], d.target.static_dir), (
        "deploy the package's static/ folder there, or set staticUrl to \"\" and regenerate"
    )


@check("locale", "apache")
def daemon_locale(d):
    if not d.facts["daemon"]:
        return SKIP, "embedded mode: Apache's own locale applies", ""
    vhost = d.vhost_file()
    options = apache.daemon_options(vhost, d.target.name)
    if options is None:
        return SKIP, "no WSGIDaemonProcess %s in %s" % (d.target.name, vhost), ""
    wanted = [(k, options[k]) for k in ("locale", "lang") if k in options]
    if not wanted:
        return WARN, "WSGIDaemonProcess %s sets no locale: Python runs with the C locale (ASCII)" % d.target.name, (
            "add lang=C.UTF-8 locale=C.UTF-8 to WSGIDaemonProcess in %s" % vhost
        )
    for key, value in wanted:
        if not system.locale_exists(value):
            return FAIL, "%s=%s (WSGIDaemonProcess in %s) is not a locale of this machine" % (key, value, vhost), (
                "generate it (Debian: add it to /etc/locale.gen and run locale-gen; RHEL: dnf install glibc-langpack-%s) "
                "or use C.UTF-8; without it non-ASCII output raises UnicodeEncodeError" % value.split("_")[0].split(".")[0]
            )
    return PASS, "%s exist%s" % (", ".join("%s=%s" % kv for kv in wanted), "" if len(wanted) > 1 else "s"), ""


@check("socket-prefix", "apache")
def socket_prefix(d):
    if not d.platform.get("socketPrefixNeeded"):
        return SKIP, "not a RHEL-family layout (%s): mod_wsgi's default socket folder works" % d.platform["id"], ""
    if not d.facts["daemon"]:
        return SKIP, "embedded mode: no daemon sockets", ""
    found = d.apache.directives("WSGISocketPrefix")
    if not found:
        return FAIL, "no WSGISocketPrefix: daemon sockets go to logs/ (/var/log/httpd), which Apache's workers cannot reach", (
            "add 'WSGISocketPrefix /var/run/wsgi' outside any VirtualHost, e.g. in /etc/httpd/conf.d/wsgi.conf"
        )
    prefix, path, line = found[-1]
    prefix = prefix.strip("\"'")
    folder = os.path.dirname(prefix) or "."
    if os.path.isdir(folder):
        return PASS, "WSGISocketPrefix %s (%s:%d); %s exists" % (prefix, path, line, folder), ""
    return FAIL, "WSGISocketPrefix %s (%s:%d): %s does not exist" % (prefix, path, line, folder), "mkdir -p %s, or use /var/run/wsgi" % folder


@check("selinux", "apache")
def selinux(d):
    enforce = "/sys/fs/selinux/enforce"
    if not os.path.exists(enforce):
        return SKIP, "SELinux is not present on this machine", ""
    with open(enforce) as state:
        if state.read().strip() != "1":
            return SKIP, "SELinux is not enforcing", ""
    for path in (d.target.project, d.target.venv):
        try:
            label = os.getxattr(path, "security.selinux").decode("ascii", "replace").strip("\x00")
        except OSError as error:
            return WARN, "cannot read the SELinux label of %s (%s)" % (path, error.strerror), "ls -Zd %s" % path
        if ":httpd_" not in label:
            return FAIL, "%s is labelled %s; Apache may not read it" % (path, label), (
                "semanage fcontext -a -t httpd_sys_content_t '%s(/.*)?' && restorecon -R %s" % (path, path)
            )
    return PASS, "SELinux enforces; the project and the venv carry httpd_* labels", ""
