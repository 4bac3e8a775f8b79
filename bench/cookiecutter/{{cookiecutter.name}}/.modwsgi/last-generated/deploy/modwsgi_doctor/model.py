"""What a check is given (Target) and what it returns (Result)."""
import os

PASS, WARN, FAIL, SKIP = "PASS", "WARN", "FAIL", "SKIP"


class Result(object):
    """One check's verdict: status, what it saw, and the fix when it is not a pass."""

    def __init__(self, name, status, saw, fix="", group="", details=None):
        self.name = name
        self.status = status
        self.saw = saw
        self.fix = fix
        self.group = group
        # Extra lines (e.g. matched log lines), each a dict with "text" and optional "fix".
        self.details = details or []

    def as_dict(self):
        return {
            "name": self.name,
            "group": self.group,
            "status": self.status,
            "saw": self.saw,
            "fix": self.fix,
            "details": self.details,
        }


class Target(object):
    """The deployment being checked: the baked facts, with --release/--venv applied."""

    def __init__(self, facts, release=None, venv=None, timeout=10.0, environ=None):
        self.facts = facts
        self.environ = os.environ if environ is None else environ
        self.project = os.path.abspath(release) if release else facts.get("projectPath") or facts["deployPath"]
        self.release = bool(release)
        self.venv = os.path.abspath(venv) if venv else facts["venvPath"]
        self.venv_given = bool(venv)
        self.timeout = timeout
        self.name = facts["name"]
        self.user = facts["user"]
        self.group = facts["group"]
        # With TLS on, the plain-HTTP vhost only redirects: the app answers on the HTTPS port.
        self.tls = bool(facts.get("tls"))
        self.port = facts["httpsPort"] if self.tls else facts["port"]
        self.server_name = facts["serverName"]

    @property
    def wsgi_path(self):
        return os.path.join(self.project, self.facts["wsgiFile"])

    @property
    def vhost_path(self):
        return os.path.join(self.project, self.facts["vhostFile"])

    @property
    def import_path(self):
        source = self.facts["sourceDir"]
        return os.path.join(self.project, source) if source else self.project

    @property
    def static_dir(self):
        if self.facts.get("staticFolder"):
            return os.path.join(self.project, self.facts["staticFolder"])
        return os.path.join(self.import_path, self.facts["package"], "static")

    @property
    def venv_python(self):
        return os.path.join(self.venv, "bin", "python")

    @property
    def activate_this(self):
        return os.path.join(self.venv, "bin", "activate_this.py")

    @property
    def host_header(self):
        default = 443 if self.tls else 80
        return self.server_name if self.port == default else "%s:%d" % (self.server_name, self.port)

    def env(self, name, default=None):
        value = self.environ.get(name)
        return value if value else default
