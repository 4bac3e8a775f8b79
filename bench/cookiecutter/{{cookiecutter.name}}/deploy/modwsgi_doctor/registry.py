"""The check registry, and the Doctor every check is given: target, platform, apachectl, account."""
import os
import re

from . import apache, system

CHECKS = []


def check(name, group):
    def register(function):
        CHECKS.append((name, group, function))
        return function
    return register


NAMES = lambda: [name for name, _, _ in CHECKS]  # noqa: E731


class Doctor(object):
    """The target plus what the checks share: the platform, apachectl, the daemon account."""

    def __init__(self, target):
        self.target = target
        self.facts = target.facts
        self.platform = apache.platform_of(target.facts, target.env("MODWSGI_ROOT", ""))
        self.apache = apache.Apache(target, self.platform)
        self.account = system.Account.find(*self.app_account())
        self.imported = {}

    def app_account(self):
        """(user, group) the app runs as: the daemon's, or in embedded mode Apache's own (apachectl -S)."""
        if self.facts["daemon"]:
            return self.target.user, self.target.group
        _, out = self.apache.ctl("-S")
        user = re.search(r'^User: name="([^"#][^"]*)"', out, re.M)
        group = re.search(r'^Group: name="([^"#][^"]*)"', out, re.M)
        return (user.group(1) if user else "www-data"), (group.group(1) if group else None)

    def vhost_file(self):
        """The vhost Apache reads for this site (apachectl -S), else the project's own."""
        if not self.target.release:
            for host in self._our_hosts():
                return host["file"]
        return self.target.vhost_path

    def _our_hosts(self):
        _, _, hosts = self.apache.vhosts()
        return [h for h in hosts if h["port"] == self.target.port and self.is_ours(h)]

    def is_ours(self, host):
        known = {os.path.realpath(self.target.vhost_path)}
        known.update(os.path.realpath(p["siteConfig"]) for p in self.facts["platforms"] if "$" not in p["siteConfig"])
        real = os.path.realpath(host["file"])
        return real in known or os.path.basename(real) == self.target.name + ".conf"

    def answers_for(self, host):
        return self.target.server_name == host["name"] or self.target.server_name in host["aliases"]

    def wsgi_text(self):
        try:
            with open(self.target.wsgi_path, encoding="utf-8", errors="replace") as wsgi:
                return wsgi.read()
        except OSError:
            return None

    def venv_python_version(self, venv):
        """(MAJOR.MINOR the venv's python runs, what pyvenv.cfg says) or (None, why)."""
        python = os.path.join(venv, "bin", "python")
        code, out = system.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], timeout=self.target.timeout)
        version = out.strip() if code == 0 and re.match(r"^\d+\.\d+$", out.strip()) else None
        configured = None
        try:
            with open(os.path.join(venv, "pyvenv.cfg")) as cfg:
                for line in cfg:
                    key, _, value = line.partition("=")
                    if key.strip() in ("version", "version_info"):
                        configured = ".".join(value.strip().split(".")[:2])
        except OSError:
            pass
        return version, configured


def fix_for_platform(doctor, texts):
    return texts.get(doctor.platform["id"], texts.get("*", ""))
