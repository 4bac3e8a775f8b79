# {{cookiecutter.name}}.wsgi: the entry point mod_wsgi loads (WSGIScriptAlias in deploy/apache/{{cookiecutter.name}}.conf).
# mod_wsgi looks for the name `application`.
import os
import sys

DEPLOY_PATH = "/var/www/{{cookiecutter.name}}"
VENV_PATH = "/var/www/{{cookiecutter.name}}/venv"
ACTIVATE_THIS = os.path.join(VENV_PATH, "bin", "activate_this.py")


def activate_virtualenv():
    if not os.path.isfile(ACTIVATE_THIS):
        raise RuntimeError(
            "%s is missing, so mod_wsgi cannot activate the virtualenv %s. "
            "'python -m venv' does not create activate_this.py; 'virtualenv' does. "
            "Recreate the venv with deploy/create-venv.sh (it uses virtualenv), "
            "or switch venvActivation to python-home." % (ACTIVATE_THIS, VENV_PATH)
        )
    with open(ACTIVATE_THIS) as activate_file:
        exec(activate_file.read(), dict(__file__=ACTIVATE_THIS))


activate_virtualenv()

if DEPLOY_PATH not in sys.path:
    sys.path.insert(0, DEPLOY_PATH)

from {{cookiecutter.name}} import create_app  # noqa: E402

application = create_app()
