"""Local development server. mod_wsgi loads {{cookiecutter.name}}.wsgi instead, never this file."""
import os

DEVELOPMENT_SERVER = __name__ == "__main__"
if DEVELOPMENT_SERVER:
    # Debug mode, where a missing SECRET_KEY gets a random one.
    os.environ.setdefault("FLASK_DEBUG", "1")

from {{cookiecutter.name}} import create_app  # noqa: E402

app = create_app()

# Guarded: a bare app.run() would start a development server inside the
# mod_wsgi daemon if this module were ever imported there, and requests would hang.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
