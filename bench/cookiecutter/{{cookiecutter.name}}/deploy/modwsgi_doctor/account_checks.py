"""The daemon account: it exists, is not root, and can read and enter what the app needs."""
import os

from . import system
from .model import FAIL, PASS, SKIP
from .registry import check


@check("user", "account")
def daemon_user(d):
    if not d.facts["daemon"]:
        return SKIP, "embedded mode: the app runs as Apache's own user", ""
    if d.account is None:
        return FAIL, "no account %s (group %s) on this machine" % (d.target.user, d.target.group), (
            "create it: groupadd --system %s; useradd --system --gid %s --no-create-home --shell /usr/sbin/nologin %s "
            "(the install script does this)" % (d.target.group, d.target.group, d.target.user)
        )
    if d.account.uid == 0 or d.account.gid == 0:
        return FAIL, "%s is uid %d gid %d: the app would run as root" % (d.target.user, d.account.uid, d.account.gid), (
            "give the daemon an account of its own that is not root (answer user/group) and regenerate"
        )
    return PASS, "%s exists (uid %d, gid %d), not root" % (d.target.user, d.account.uid, d.account.gid), ""


def needed_paths(d):
    """(path, access) the daemon needs: the .wsgi, the project, the package, the venv."""
    paths = [(d.target.wsgi_path, "r"), (d.target.project, "rx"), (d.target.import_path, "rx"),
             (os.path.join(d.target.import_path, d.facts["package"]), "rx"), (d.target.venv, "rx")]
    if d.facts["venvActivation"] == "activate_this":
        paths.append((d.target.activate_this, "r"))
    lib = os.path.join(d.target.venv, "lib")
    if os.path.isdir(lib):
        paths.extend((os.path.join(lib, name, "site-packages"), "rx") for name in sorted(os.listdir(lib)) if name.startswith("python"))
    return [(p, a) for p, a in paths if os.path.exists(p)]


def unreadable_files(d, top, limit=20000):
    """Files and folders under top that the daemon cannot read (bounded walk, venvs and .git skipped)."""
    found, seen = [], 0
    skip = {os.path.realpath(d.target.venv), os.path.realpath(os.path.join(top, ".git"))}
    for folder, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if os.path.realpath(os.path.join(folder, x)) not in skip and x != "__pycache__"]
        for name in dirs + files:
            path = os.path.join(folder, name)
            seen += 1
            want = "rx" if os.path.isdir(path) else "r"
            if not d.account.may(path, want):
                found.append(path)
        if seen > limit or len(found) >= 5:
            break
    return found


@check("access", "account")
def daemon_access(d):
    if d.account is None:
        return SKIP, "no account %s to check for (see the user check)" % d.app_account()[0], ""
    who = "%s (group %s)" % (d.account.name, d.account.group)
    for path, want in needed_paths(d):
        parent = system.blocked_parent(d.account, path)
        if parent:
            return FAIL, "%s cannot enter %s (%s), above %s" % (who, parent, system.describe(parent), path), (
                "let it through: chmod o+x %s (a 0700 home folder is the usual cause), or deploy under /var/www" % parent
            )
        if not d.account.may(path, want):
            return FAIL, "%s cannot %s %s (%s)" % (who, "read" if want == "r" else "list", path, system.describe(path)), (
                "chgrp -R %s %s && chmod -R g+rX %s" % (d.account.group, path, path)
            )
    bad = unreadable_files(d, d.target.project)
    # chgrp -R does not descend through a link such as current: name the release it points at.
    release = os.path.realpath(d.target.project)
    if bad:
        return FAIL, "%s cannot read %s (%s)%s" % (who, bad[0], system.describe(bad[0]), " and %d more" % (len(bad) - 1) if len(bad) > 1 else ""), (
            "chgrp -R %s %s && chmod -R g+rX %s (files copied with a developer's owner and umask are the usual cause)"
            % (d.account.group, release, release)
        )
    return PASS, "%s can read the .wsgi, the project and the venv, and enter every folder above them" % who, ""


@check("writable", "account")
def writable_folders(d):
    folders = [os.path.join(d.target.project, f) for f in d.facts.get("writableDirs", [])]
    if not folders:
        return SKIP, "the app declares no folders it writes to", ""
    if d.account is None:
        return SKIP, "no account %s to check for" % d.app_account()[0], ""
    for folder in folders:
        if not (os.path.isdir(folder) and d.account.may(folder, "wx")):
            return FAIL, "%s cannot write to %s (%s)" % (d.account.name, folder, system.describe(folder)), (
                "install -d -o %s -g %s -m 0750 %s" % (d.account.name, d.account.group, folder)
            )
    return PASS, "%s can write to %s" % (d.account.name, ", ".join(folders)), ""
