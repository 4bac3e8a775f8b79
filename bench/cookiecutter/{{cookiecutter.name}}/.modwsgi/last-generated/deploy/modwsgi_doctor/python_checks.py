"""Python and mod_wsgi: the module is loaded, built for the venv's Python; the venv and activate_this.py."""
import ast
import os
import re

from . import apache
from .model import FAIL, PASS, SKIP, WARN
from .registry import check, fix_for_platform


@check("mod-wsgi", "python")
def mod_wsgi_loaded(d):
    code, modules = d.apache.modules()
    if code != 0:
        return FAIL, "%s -M failed (exit %d)" % (d.apache.command_text, code), "fix Apache's config first (see the apache-config check)"
    if "wsgi_module" in modules:
        return PASS, "wsgi_module is loaded (%s -M)" % d.apache.command_text, ""
    return FAIL, "wsgi_module is not among Apache's %d modules" % len(modules), fix_for_platform(d, {
        "debian": "apt-get install libapache2-mod-wsgi-py3 && a2enmod wsgi",
        "rhel": "dnf install python3-mod_wsgi (it adds /etc/httpd/conf.modules.d/10-wsgi-python3.conf)",
        "opensuse": "zypper install apache2-mod_wsgi && a2enmod wsgi",
        "*": "install mod_wsgi for Python %s and add: LoadModule wsgi_module <path to mod_wsgi.so>" % d.facts["pythonVersion"],
    })


@check("python-match", "python")
def python_match(d):
    module = d.apache.mod_wsgi_file()
    if not module:
        return SKIP, "no LoadModule wsgi_module line in Apache's config", ""
    built, how = apache.linked_python(module)
    if not built:
        return WARN, how, "check by hand: ldd %s | grep libpython" % module
    version, configured = d.venv_python_version(d.target.venv)
    if not version and not configured:
        return SKIP, "mod_wsgi is built for Python %s (%s); no venv at %s to compare" % (built, how, d.target.venv), ""
    venv = version or configured
    saw = "mod_wsgi is built for Python %s (%s); the venv %s runs Python %s" % (built, how, d.target.venv, venv)
    if configured and configured != venv:
        saw += " (pyvenv.cfg says %s)" % configured
    if venv == built and (not configured or configured == built):
        return PASS, saw, ""
    return FAIL, saw, (
        "recreate the venv with Python %s, the one mod_wsgi is built for: rm -rf %s && PYTHON=python%s bash deploy/create-venv.sh "
        "(or install a mod_wsgi built for Python %s)" % (built, d.target.venv, built, venv)
    )


def configured_venv(d):
    """(venv path, where it is said) as Apache will use it: python-home=, else VENV_PATH in the .wsgi."""
    if d.facts["venvActivation"] == "python-home":
        options = apache.daemon_options(d.vhost_file(), d.target.name) or {}
        if "python-home" in options:
            return options["python-home"], "python-home= in %s" % d.vhost_file()
        return None, "no python-home= on WSGIDaemonProcess %s in %s" % (d.target.name, d.vhost_file())
    text = d.wsgi_text()
    match = re.search(r"^VENV_PATH\s*=\s*(.+)$", text or "", re.M)
    if not match:
        return None, "no VENV_PATH in %s" % d.target.wsgi_path
    try:
        return ast.literal_eval(match.group(1).strip()), "VENV_PATH in %s" % d.target.wsgi_path
    except (ValueError, SyntaxError):
        return None, "VENV_PATH in %s is not a plain string" % d.target.wsgi_path


@check("venv", "python")
def venv_exists(d):
    where, said = configured_venv(d)
    venv = d.target.venv if d.target.venv_given else (where or d.target.venv)
    if where is None:
        return FAIL, said, "regenerate the .wsgi and vhost (modwsgi wsgi / modwsgi apache) so they name the venv %s" % d.target.venv
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        return FAIL, "%s has no bin/python (%s)" % (venv, said), "create it: bash deploy/create-venv.sh (as root on the server)"
    return PASS, "%s has bin/python (%s)" % (venv, said), ""


@check("activate-this", "python")
def activate_this(d):
    text = d.wsgi_text()
    if text is None:
        return FAIL, "%s is missing" % d.target.wsgi_path, "generate it: modwsgi wsgi, and deploy the project again"
    if "activate_this" not in text or d.facts["venvActivation"] != "activate_this":
        return SKIP, "the .wsgi does not use activate_this.py (venvActivation %s)" % d.facts["venvActivation"], ""
    if os.path.isfile(d.target.activate_this):
        return PASS, "%s exists" % d.target.activate_this, ""
    return FAIL, "%s is missing: the .wsgi cannot activate the venv" % d.target.activate_this, (
        "python -m venv does not write bin/activate_this.py; recreate the venv with virtualenv "
        "(rm -rf %s && bash deploy/create-venv.sh), or set venvActivation to python-home" % d.target.venv
    )
