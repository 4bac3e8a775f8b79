"""Known error-log lines of mod_wsgi deployments, each with its cause and fix."""
import datetime
import os
import re

# (id, pattern, cause, fix). Each pattern matches mod_wsgi 4.x/5.x wording and the stable
# WSGI#### code mod_wsgi 6 puts in front of the same event (docs/error-reference.rst).
SIGNATURES = [
    ("system-exit",
     r"SystemExit exception raised|\bWSGI01(07|08|75)\b",
     "code called sys.exit() (or a development server that ran at import returned) inside mod_wsgi; it is ignored",
     'do not call sys.exit() in the app; put app.run() under if __name__ == "__main__":'),
    ("truncated-headers",
     r"Truncated or oversized response headers received from daemon process|\bWSGI01(44|46|47)\b",
     "the daemon process died while answering (a crash, segfault or kill) or sent a header line that is too long",
     "look just above for a segfault or a killed process; keep WSGIApplicationGroup %{GLOBAL} for C extensions "
     "that break in sub-interpreters; raise header-buffer-size= for large headers"),
    ("response-timeout",
     r"Timeout when reading response headers from daemon process|Queue timeout expired|\bWSGI0(145|084)\b",
     "the app did not answer in time: a hung request, a deadlock, or every thread busy",
     "find the blocking call (an app.run() reached at import, a lock, an outgoing request without a timeout); "
     "WSGIApplicationGroup %{GLOBAL} for C extensions that deadlock in sub-interpreters"),
    ("no-encodings",
     r"No module named '?encodings'?|Python initiali[sz]ation failed|\bWSGI00(01|28)\b",
     "Python cannot load its standard library: python-home names a venv of another Python, or one it cannot read",
     "build the venv with the Python mod_wsgi is built for and check python-home= (see the python-match and venv checks)"),
    ("python-mismatch",
     r"Compiled for Python/[\d.]+ but runtime using|mod_wsgi: Runtime using Python/|\bWSGI0099\b",
     "mod_wsgi runs with another Python than the one it was compiled for",
     "install the mod_wsgi package built for the system's Python, or rebuild mod_wsgi (pip install mod_wsgi) for yours"),
    ("daemon-socket",
     r"Unable to connect to WSGI daemon process|\bWSGI011[67]\b",
     "Apache's workers cannot reach the daemon's socket: WSGISocketPrefix names a folder they cannot enter, or the daemon is down",
     "set WSGISocketPrefix /var/run/wsgi (RHEL: logs/ is not readable by the workers); see the socket-prefix check"),
    ("permission-denied",
     r"Permission denied|PermissionError|\bAH00035\b|search permissions are missing|Unable to stat Python home|"
     r"Python home .* is not accessible|Target WSGI script not found or unable to stat|Unable to stat target WSGI script|"
     r"\bWSGI0(083|100|102|135)\b",
     "Apache or the daemon user cannot read a file or enter a folder of the project or the venv",
     "see the access check: chmod o+x on each folder above the project, chgrp -R GROUP and chmod -R g+rX the project"),
    ("unsupported-locale",
     r"Unsupported locale setting|\bWSGI0079\b",
     "the locale= of WSGIDaemonProcess does not exist on this machine; the daemon falls back to the inherited (C) locale",
     "generate the locale or use locale=C.UTF-8 (see the locale check)"),
    ("symlinked-module",
     r"TemplateNotFound|(IOError|FileNotFoundError|OSError).*site-packages",
     "a template or static file is not where Flask looks: a single module symlinked into site-packages makes Flask look next to the link",
     "put the project folder on sys.path (the .wsgi does) instead of symlinking the module, or make it a package"),
    ("unicode-c-locale",
     r"UnicodeEncodeError: 'ascii' codec can't encode",
     "the daemon runs with the C (ASCII) locale, and the app writes non-ASCII text",
     "set lang=C.UTF-8 locale=C.UTF-8 on WSGIDaemonProcess (see the locale check)"),
    ("stdio-restricted",
     r"sys\.std(out|in) access restricted by mod_wsgi",
     "the app reads sys.stdin or writes to sys.stdout where mod_wsgi forbids it (WSGIRestrictStdin, WSGIRestrictStdout)",
     "log with the logging module or write to sys.stderr; a web app never reads sys.stdin"),
]

COMPILED = [(sid, re.compile(pattern), cause, fix) for sid, pattern, cause, fix in SIGNATURES]
STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d)(?:\.\d+)? (\d{4})\]")


def stamp_of(line):
    match = STAMP.match(line)
    if not match:
        return None
    try:
        return datetime.datetime.strptime("%s %s" % (match.group(1), match.group(2)), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None


def recent_lines(path, minutes=60, max_bytes=512 * 1024, now=None):
    """The log's last lines written within `minutes` (lines without a time stamp follow the previous one)."""
    with open(path, "rb") as log:
        log.seek(0, os.SEEK_END)
        size = log.tell()
        log.seek(max(0, size - max_bytes))
        text = log.read().decode("utf-8", "replace")
    lines = text.splitlines()
    if size > max_bytes:
        lines = lines[1:]
    since = (now or datetime.datetime.now()) - datetime.timedelta(minutes=minutes)
    recent, keep = [], True
    for line in lines:
        stamp = stamp_of(line)
        if stamp is not None:
            keep = stamp >= since
        if keep:
            recent.append(line)
    return recent


def match(lines):
    """One entry per signature seen: id, cause, fix, how many lines, the last such line."""
    found = {}
    for line in lines:
        for sid, pattern, cause, fix in COMPILED:
            if pattern.search(line):
                entry = found.setdefault(sid, {"id": sid, "cause": cause, "fix": fix, "count": 0, "line": ""})
                entry["count"] += 1
                entry["line"] = line.strip()
                break
    order = [sid for sid, _, _, _ in COMPILED]
    return sorted(found.values(), key=lambda e: order.index(e["id"]))


def classify(line):
    """The id of the first signature line matches, or None."""
    for sid, pattern, _, _ in COMPILED:
        if pattern.search(line):
            return sid
    return None
