# {{cookiecutter.name}}.wsgi: the entry point mod_wsgi loads (WSGIScriptAlias in deploy/apache/{{cookiecutter.name}}.conf).
# mod_wsgi looks for the name `application`.
import os
import sys

# The release this file belongs to: the install scripts give each deploy its own folder
# under /var/www/{{cookiecutter.name}}/releases and point /var/www/{{cookiecutter.name}}/current at the live one.
DEPLOY_PATH = os.path.dirname(os.path.realpath(__file__))
VENV_PATH = "/var/www/{{cookiecutter.name}}/venv"
# A release made by the install scripts links its own venv, so code and venv switch together.
if os.path.isdir(os.path.join(DEPLOY_PATH, ".release-venv")):
    VENV_PATH = os.path.join(DEPLOY_PATH, ".release-venv")
ACTIVATE_THIS = os.path.join(VENV_PATH, "bin", "activate_this.py")


def activate_virtualenv():
    if not os.path.isfile(ACTIVATE_THIS):
        raise RuntimeError(
            "%s is missing, so mod_wsgi cannot activate the virtualenv %s. "
            "'python -m venv' does not create activate_this.py; 'virtualenv' does. "
            "Recreate the venv with deploy/create-venv.sh (it uses virtualenv), "
            "or switch venvActivation to python-home." % (ACTIVATE_THIS, VENV_PATH)
        )
    check_venv_python()
    with open(ACTIVATE_THIS) as activate_file:
        exec(activate_file.read(), dict(__file__=ACTIVATE_THIS))


def check_venv_python():
    # A venv made for another Python "activates" but leaves its packages unused: the system's would be imported.
    config = os.path.join(VENV_PATH, "pyvenv.cfg")
    if not os.path.isfile(config):
        return
    with open(config) as config_file:
        settings = dict((k.strip(), v.strip()) for k, _, v in (line.partition("=") for line in config_file))
    made_for = ".".join((settings.get("version_info") or settings.get("version") or "").split(".")[:2])
    running = "%d.%d" % sys.version_info[:2]
    if made_for and made_for != running:
        raise RuntimeError(
            "the virtualenv %s was made for Python %s, but mod_wsgi runs Python %s: recreate it with "
            "Python %s (deploy/create-venv.sh), or install the mod_wsgi built for Python %s" % (VENV_PATH, made_for, running, running, made_for)
        )


activate_virtualenv()

IMPORT_PATH = DEPLOY_PATH
# First, even when mod_wsgi's home= already listed it: a copy pip installed into the venv must not
# win, or Flask would look for instance/, templates/ and static/ inside site-packages.
if IMPORT_PATH in sys.path:
    sys.path.remove(IMPORT_PATH)
sys.path.insert(0, IMPORT_PATH)

from {{cookiecutter.name}} import create_app  # noqa: E402

application = create_app()
