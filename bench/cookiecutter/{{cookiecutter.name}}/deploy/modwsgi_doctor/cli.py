"""Arguments, running the checks, and the exit code (0 nothing failed, 1 a check failed, 2 bad usage)."""
import argparse
import sys

from . import checks, report
from .model import FAIL, Result, Target


def positive(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("%r is not a number of seconds above 0 and at most 600" % text)
    return value


def parser():
    p = argparse.ArgumentParser(prog="deploy/doctor", description="Checks this mod_wsgi deployment and says how to fix what is wrong.")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--only", metavar="NAME[,NAME...]", help="run only these checks (see --list)")
    p.add_argument("--release", metavar="DIR", help="check this project folder (a release not yet live) instead of the deployed one")
    p.add_argument("--venv", metavar="DIR", help="the venv to use instead of the generated venvPath")
    p.add_argument("--timeout", metavar="SECONDS", type=positive, default=10.0, help="time limit of the import and the health request (default 10)")
    p.add_argument("--list", action="store_true", help="list the checks and exit")
    return p


def main(facts, argv, out=None):
    out = out or sys.stdout
    p = parser()
    args = p.parse_args(argv)
    names = checks.NAMES()
    if args.list:
        for name, group, _ in checks.CHECKS:
            out.write("%s (%s)\n" % (name, group))
        return 0
    chosen = names
    if args.only is not None:
        chosen = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in chosen if n not in names]
        if unknown or not chosen:
            p.error("--only: unknown check %s; allowed: %s" % (", ".join(unknown) or "(none given)", ", ".join(names)))
    if args.release is not None and not __import__("os").path.isdir(args.release):
        p.error("--release: %s is not a folder" % args.release)
    doctor = checks.Doctor(Target(facts, release=args.release, venv=args.venv, timeout=args.timeout))
    results = []
    for name, group, function in checks.CHECKS:
        if name not in chosen:
            continue
        try:
            outcome = function(doctor)
        except Exception as error:  # a broken check is reported, the others still run
            outcome = (FAIL, "the check itself failed: %s: %s" % (type(error).__name__, error), "report this with the output of deploy/doctor --json")
        results.append(Result(name, outcome[0], outcome[1], outcome[2], group, outcome[3] if len(outcome) > 3 else None))
    code = 1 if any(r.status == FAIL for r in results) else 0
    if args.json:
        out.write(report.as_json(results, doctor.target, code) + "\n")
    elif out.isatty():
        out.write(report.terminal(results) + "\n")
    else:
        out.write(report.plain(results) + "\n")
    out.flush()
    return code
