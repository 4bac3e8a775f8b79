"""{{cookiecutter.name}}: a Flask application served by Apache httpd and mod_wsgi."""
import logging
import os
import secrets

from flask import Flask

from .views import bp

log = logging.getLogger(__name__)


def _load_config(app, test_config=None):
    # SECRET_KEY comes from the environment or instance/config.py, never from the code.
    app.config.from_mapping(SECRET_KEY=os.environ.get("SECRET_KEY"))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        log.warning(
            "SECRET_KEY is not set: using a random key for this process only; "
            "sessions will not survive a restart. Put SECRET_KEY in %s",
            os.path.join(app.instance_path, "config.py"),
        )
        app.config["SECRET_KEY"] = secrets.token_hex(32)


def create_app(test_config=None):
    """Application factory: mod_wsgi's .wsgi file and run.py both call it."""
    app = Flask(__name__, instance_relative_config=True)
    _load_config(app, test_config)
    app.register_blueprint(bp)
    return app
