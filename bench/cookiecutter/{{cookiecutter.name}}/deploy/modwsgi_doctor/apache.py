"""Apache as this server runs it: which apachectl, its config check, vhosts, modules, logs."""
import os
import re
import shlex

from . import system

VHOST_LINE = re.compile(
    r"^\s*(?:(?:port (?P<port>\d+) namevhost)|(?:default server)|(?P<addr>\S+:(?P<aport>\d+)))\s+(?P<name>\S+)\s+\((?P<file>.*):(?P<line>\d+)\)\s*$"
)


def platform_of(facts, root=""):
    """The generated platform this machine is (by os-release under root, or uname), or the first one."""
    ids = []
    try:
        with open(os.path.join(root or "/", "etc/os-release")) as release:
            for line in release:
                key, _, value = line.strip().partition("=")
                if key in ("ID", "ID_LIKE"):
                    ids.extend(value.strip("\"'").split())
    except OSError:
        pass
    ids.append(os.uname().sysname.lower())
    families = {
        "debian": ("debian", "ubuntu"),
        "rhel": ("rhel", "fedora", "centos", "rocky", "almalinux"),
        "opensuse": ("opensuse", "suse", "sles", "opensuse-leap", "opensuse-tumbleweed"),
        "freebsd": ("freebsd",),
        "pkgsrc": ("netbsd", "sunos", "illumos", "smartos", "dragonfly"),
    }
    generated = facts["platforms"]
    for platform in generated:
        if any(i in families.get(platform["id"], ()) for i in ids):
            return platform
    return generated[0] if generated else {"id": "unknown", "apachectl": ["apachectl"], "errorLogs": [], "socketPrefixNeeded": False}


class Apache(object):
    """apachectl's answers, each asked once."""

    def __init__(self, target, platform):
        self.target = target
        self.platform = platform
        override = target.env("MODWSGI_APACHECTL")
        if override:
            self.command = shlex.split(override)
        else:
            found = [system.which(c) for c in platform.get("apachectl", [])]
            found = [c for c in found if c]
            self.command = [found[0]] if found else None
        self._cache = {}

    def ctl(self, *args):
        if self.command is None:
            return 127, "none of %s found" % ", ".join(self.platform.get("apachectl", []))
        key = args
        if key not in self._cache:
            self._cache[key] = system.run(self.command + list(args), timeout=self.target.timeout * 3)
        return self._cache[key]

    @property
    def command_text(self):
        return " ".join(shlex.quote(w) for w in self.command) if self.command else "apachectl"

    def config_test(self):
        return self.ctl("-t")

    def modules(self):
        code, out = self.ctl("-M")
        return code, set(m.group(1) for m in re.finditer(r"^\s*(\w+_module)\b", out, re.M))

    def vhosts(self):
        """Name-based vhosts in the order Apache tries them, per port."""
        code, out = self.ctl("-S")
        hosts = []
        for line in out.splitlines():
            match = VHOST_LINE.match(line)
            if match and "default server" not in line:
                port = int(match.group("port") or match.group("aport"))
                hosts.append({"port": port, "name": match.group("name"), "aliases": [],
                              "file": match.group("file"), "line": int(match.group("line"))})
            elif hosts and line.strip().startswith("alias "):
                hosts[-1]["aliases"].append(line.split(None, 1)[1].strip())
            elif hosts and line.strip().startswith("wild alias "):
                hosts[-1]["aliases"].append(line.strip().split(None, 2)[2])
        return code, out, hosts

    def main_error_log(self):
        _, out = self.ctl("-S")
        match = re.search(r'^Main ErrorLog: "(.*)"\s*$', out, re.M)
        return match.group(1) if match else None

    def config_files(self):
        """Every file the config includes (apachectl -t -D DUMP_INCLUDES)."""
        _, out = self.ctl("-t", "-D", "DUMP_INCLUDES")
        files = []
        for line in out.splitlines():
            match = re.match(r"^\s*\((?:\*|\d+)\)\s+(\S.*)$", line)
            if match:
                files.append(match.group(1).strip())
        return files

    def directives(self, name):
        """The arguments of each `name` directive in the config, with file and line."""
        found = []
        pattern = re.compile(r"^\s*%s\s+(.*)$" % re.escape(name), re.I)
        for path in self.config_files():
            try:
                with open(path, encoding="utf-8", errors="replace") as config:
                    for number, line in enumerate(config, 1):
                        match = pattern.match(line)
                        if match:
                            found.append((match.group(1).strip(), path, number))
            except OSError:
                continue
        return found

    def mod_wsgi_file(self):
        """The mod_wsgi shared object LoadModule names (relative paths are under ServerRoot)."""
        for args, path, _ in self.directives("LoadModule"):
            words = shlex.split(args)
            if len(words) == 2 and words[0] == "wsgi_module":
                if os.path.isabs(words[1]):
                    return words[1]
                _, out = self.ctl("-S")
                root = re.search(r'^ServerRoot: "(.*)"', out, re.M)
                return os.path.join(root.group(1) if root else "/", words[1])
        return None


def linked_python(module_file):
    """MAJOR.MINOR of the libpython a mod_wsgi.so links (ldd, else the name in the file)."""
    code, out = system.run(["ldd", module_file], timeout=10)
    match = re.search(r"libpython(\d+\.\d+)", out) if code == 0 else None
    if match:
        return match.group(1), "ldd %s: libpython%s" % (module_file, match.group(1))
    try:
        with open(module_file, "rb") as library:
            match = re.search(rb"libpython(\d+\.\d+)", library.read())
    except OSError:
        match = None
    if match:
        version = match.group(1).decode()
        return version, "%s names libpython%s" % (module_file, version)
    return None, "no libpython found in %s" % module_file


def daemon_options(vhost_file, name):
    """The options of WSGIDaemonProcess `name` in vhost_file, as a dict (None when absent)."""
    try:
        with open(vhost_file, encoding="utf-8", errors="replace") as config:
            text = config.read()
    except OSError:
        return None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.lower().startswith("wsgidaemonprocess"):
            continue
        words = shlex.split(stripped)
        if len(words) > 1 and words[1] == name:
            return dict(w.split("=", 1) for w in words[2:] if "=" in w)
    return None

