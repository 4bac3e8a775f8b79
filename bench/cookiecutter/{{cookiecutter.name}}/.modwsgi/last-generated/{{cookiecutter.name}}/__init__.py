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
    if app.config.get("SECRET_KEY"):
        return
    config_file = os.path.join(app.instance_path, "config.py")
    if not (app.debug or app.testing):
        # Fail closed: each mod_wsgi process would pick its own random key and sessions would break at random.
        raise RuntimeError(
            "SECRET_KEY is not set: put SECRET_KEY = \"<random hex>\" in %s (the install script writes one) "
            "or set it in the environment; a random key is used only in development (FLASK_DEBUG=1) and tests" % config_file
        )
    log.warning("SECRET_KEY is not set: using a random key for this process only (development or tests). Put SECRET_KEY in %s", config_file)
    app.config["SECRET_KEY"] = secrets.token_hex(32)


def create_app(test_config=None):
    """Application factory: mod_wsgi's .wsgi file and run.py both call it."""
    app = Flask(__name__, instance_relative_config=True)
    _load_config(app, test_config)
    app.register_blueprint(bp)
    return app
