"""The operating system: commands with time limits, accounts, permissions, locales, sockets."""
import grp
import locale
import os
import pwd
import signal
import socket
import stat
import subprocess


def run(argv, timeout=10.0, **kwargs):
    """Runs argv; returns (exit code, stdout+stderr). 124 on timeout, 127 when missing."""
    try:
        child = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, **kwargs
        )
    except OSError as error:
        return 127, str(error)
    try:
        out, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # The whole process group: a development server may have started children.
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:
            pass
        out, _ = child.communicate()
        return 124, out.decode("utf-8", "replace")
    return child.returncode, out.decode("utf-8", "replace")


def which(command, extra=("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/pkg/sbin", "/opt/local/sbin")):
    for folder in os.environ.get("PATH", "").split(os.pathsep) + list(extra):
        path = os.path.join(folder, command)
        if folder and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


class Account(object):
    """A user with its groups, as the kernel checks permissions for it."""

    def __init__(self, name, group=None):
        entry = pwd.getpwnam(name)
        self.name = name
        self.uid = entry.pw_uid
        self.gid = grp.getgrnam(group).gr_gid if group else entry.pw_gid
        self.group = group or _group(self.gid)
        self.gids = {self.gid, entry.pw_gid}
        # mod_wsgi sets supplementary groups from the user's entries in /etc/group.
        self.gids.update(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)

    @classmethod
    def find(cls, name, group=None):
        try:
            return cls(name, group)
        except KeyError:
            return None

    def may(self, path, want):
        """want: a string of r, w, x. Mode bits only (ACLs are not read)."""
        if self.uid == 0:
            return True
        try:
            info = os.stat(path)
        except OSError:
            return False
        if info.st_uid == self.uid:
            bits = (info.st_mode >> 6) & 7
        elif info.st_gid in self.gids:
            bits = (info.st_mode >> 3) & 7
        else:
            bits = info.st_mode & 7
        need = (4 if "r" in want else 0) | (2 if "w" in want else 0) | (1 if "x" in want else 0)
        return bits & need == need


def blocked_parent(account, path):
    """The first folder above `path` (symlinks resolved) that `account` cannot traverse, or None."""
    real = os.path.realpath(path)
    current = "/"
    for part in [p for p in os.path.dirname(real).split("/") if p]:
        current = os.path.join(current, part)
        if not account.may(current, "x"):
            return current
    return None


def describe(path):
    """owner:group and mode of path, as ls would show them."""
    try:
        info = os.stat(path)
    except OSError as error:
        return "(%s)" % error.strerror
    return "%s:%s %s" % (_user(info.st_uid), _group(info.st_gid), stat.filemode(info.st_mode))


def _user(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid):
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def locale_exists(name):
    """True when the C library can switch to locale `name`."""
    previous = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, previous)


def listening(port):
    """True/False when /proc tells whether a TCP socket listens on port; else tries to connect to 127.0.0.1."""
    tables = [p for p in ("/proc/net/tcp", "/proc/net/tcp6") if os.path.exists(p)]
    if tables:
        wanted = ":%04X" % port
        for table in tables:
            with open(table) as rows:
                next(rows, None)
                for row in rows:
                    fields = row.split()
                    # State 0A is LISTEN.
                    if len(fields) > 3 and fields[1].endswith(wanted) and fields[3] == "0A":
                        return True
        return False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
        return True
    except OSError:
        return False
