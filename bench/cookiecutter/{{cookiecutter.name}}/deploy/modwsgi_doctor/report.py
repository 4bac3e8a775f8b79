"""Output: plain lines for CI, grouped and coloured on a terminal, one JSON document with --json."""
import json

from .model import FAIL, PASS, SKIP, WARN

COLOURS = {PASS: "\033[32m", WARN: "\033[33m", FAIL: "\033[31m", SKIP: "\033[90m"}
RESET = "\033[0m"
GROUPS = {"python": "Python and mod_wsgi", "account": "Daemon account", "app": "Application",
          "apache": "Apache", "live": "Live site"}


def summary(results):
    failed = sum(1 for r in results if r.status == FAIL)
    warned = sum(1 for r in results if r.status == WARN)
    skipped = sum(1 for r in results if r.status == SKIP)
    plural = lambda n, word: "%d %s%s" % (n, word, "" if n == 1 else "s")  # noqa: E731
    text = "doctor: %s, %d failed, %s" % (plural(len(results), "check"), failed, plural(warned, "warning"))
    return text + (", %d skipped" % skipped if skipped else "")


def lines_of(result, colour=False):
    status = result.status
    shown = "%s%s%s" % (COLOURS[status], status, RESET) if colour else status
    lines = ["%s %s: %s" % (shown, result.name, result.saw)]
    for detail in result.details:
        lines.append("    %s" % detail["text"])
        if detail.get("fix") and detail["fix"] != result.fix:
            lines.append("      fix: %s" % detail["fix"])
    if status in (WARN, FAIL) and result.fix:
        lines.append("  fix: %s" % result.fix)
    return lines


def plain(results):
    out = []
    for result in results:
        out.extend(lines_of(result))
    out.append(summary(results))
    return "\n".join(out)


def terminal(results):
    out, group = [], None
    for result in results:
        if result.group != group:
            group = result.group
            out.append("%s%s%s" % ("\033[1m", GROUPS.get(group, group), RESET))
        out.extend("  " + line for line in lines_of(result, colour=True))
    out.append(summary(results))
    return "\n".join(out)


def as_json(results, target, code):
    return json.dumps({
        "name": target.name,
        "project": target.project,
        "venv": target.venv,
        "exit": code,
        "summary": summary(results),
        "checks": [r.as_dict() for r in results],
    }, indent=2)
