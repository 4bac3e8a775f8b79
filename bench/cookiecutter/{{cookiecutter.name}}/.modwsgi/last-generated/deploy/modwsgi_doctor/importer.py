"""The import check: the .wsgi run as mod_wsgi would, as the daemon user, with the venv's Python."""
import os
import time

from . import system
from .model import FAIL, PASS, WARN
from .registry import check as register

# Runs inside the venv's Python. Flask's app.run() and werkzeug's run_simple() end in
# werkzeug.serving.run_simple: reaching it means mod_wsgi would start the development server.
DRIVER = r'''
import os, sys, traceback
wsgi, import_path, package = sys.argv[1:4]
sys.argv = ["mod_wsgi"]

def reached_run_simple(*args, **kwargs):
    frames = [f for f in traceback.extract_stack()[:-1] if "/werkzeug/" not in f.filename and "/flask/" not in f.filename]
    where = frames[-1] if frames else None
    sys.stdout.write("MODWSGI-DOCTOR-RUN %s:%s\n" % ((where.filename, where.lineno) if where else ("?", 0)))
    sys.stdout.flush()
    os._exit(3)

try:
    import werkzeug.serving
    werkzeug.serving.run_simple = reached_run_simple
except Exception:
    pass
# The package from this project (a release not yet live, too), before the .wsgi imports it.
sys.path.insert(0, import_path)
module = __import__(package)
sys.stdout.write("MODWSGI-DOCTOR-MODULE %s\n" % getattr(module, "__file__", ""))
namespace = {"__file__": wsgi, "__name__": "_mod_wsgi_doctor"}
with open(wsgi, "rb") as source:
    exec(compile(source.read(), wsgi, "exec"), namespace)
if not callable(namespace.get("application")):
    sys.stdout.write("MODWSGI-DOCTOR-NOAPP\n")
    sys.exit(4)
sys.stdout.write("MODWSGI-DOCTOR-OK\n")
'''


def symlink_in(path, top):
    """The first symlink among path and its folders below top, or None."""
    current = path
    while current.startswith(top.rstrip("/") + "/"):
        if os.path.islink(current):
            return current
        current = os.path.dirname(current)
    return None


@register("import", "app")
def app_imports(d):
    t = d.target
    python = t.venv_python
    if not os.path.exists(python):
        return FAIL, "%s is missing, so the app cannot be imported" % python, "create the venv: bash deploy/create-venv.sh"
    if not os.path.isfile(t.wsgi_path):
        return FAIL, "%s is missing" % t.wsgi_path, "generate it with modwsgi wsgi and deploy again"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "HOME": t.project}
    options = {"cwd": t.project, "env": env}
    as_user = d.account is not None and os.getuid() == 0
    if as_user:
        options.update(user=d.account.uid, group=d.account.gid, extra_groups=sorted(d.account.gids))
    argv = [python, "-c", DRIVER, t.wsgi_path, t.import_path, d.facts["package"]]
    started = time.time()
    code, out = system.run(argv, timeout=t.timeout, **options)
    took = time.time() - started
    user = d.account.name if d.account else t.user
    who = user if as_user else "the current user (not root, so not as %s)" % user
    lines = out.splitlines()
    marker = lambda name: next((line.split(" ", 1)[1] for line in lines if line.startswith(name + " ")), None)  # noqa: E731
    ran = marker("MODWSGI-DOCTOR-RUN")
    if ran:
        return FAIL, "importing the app reached app.run() (werkzeug run_simple) at %s: under mod_wsgi it starts the development server and requests hang" % ran, (
            'put it under if __name__ == "__main__": (modwsgi wsgi --fix moves it)'
        )
    if code == 124:
        return FAIL, "importing the app did not finish within %.0f s (as %s)" % (t.timeout, who), (
            "something at import time blocks (a server loop, a network call, input()); start it from a function, not at import"
        )
    module = marker("MODWSGI-DOCTOR-MODULE")
    link = symlink_in(module, t.venv) if module else None
    if link and link.endswith(".py"):
        return FAIL, "%s is imported through the symlink %s in the venv: Flask looks for its templates and static files next to the link" % (
            d.facts["package"], link), (
            "do not symlink a single module into site-packages: put the project folder on sys.path (the .wsgi does) "
            "and remove %s, or make it a package and pip install it" % link
        )
    if code == 0 and "MODWSGI-DOCTOR-OK" in lines:
        status = PASS if as_user else WARN
        fix = "" if as_user else "run the doctor as root to import as %s" % user
        return status, "%s imports the app as %s with %s in %.1f s" % (t.facts["wsgiFile"], who, python, took), fix
    if "MODWSGI-DOCTOR-NOAPP" in lines:
        return FAIL, "%s runs but defines no callable `application`" % t.wsgi_path, "the .wsgi must set application = the Flask app (modwsgi wsgi writes it)"
    errors = [line for line in lines if not line.startswith("MODWSGI-DOCTOR-")]
    last = errors[-1] if errors else "exit %d" % code
    return FAIL, "importing the app as %s failed: %s" % (who, last), (
        "reproduce it: cd %s && sudo -u %s %s %s; then fix the traceback" % (t.project, user, python, t.wsgi_path)
    ), [{"text": line} for line in errors[-8:]]
