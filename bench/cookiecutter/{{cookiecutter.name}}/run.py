"""Local development server. mod_wsgi loads {{cookiecutter.name}}.wsgi instead, never this file."""
from {{cookiecutter.name}} import create_app

app = create_app()

# Guarded: a bare app.run() would start a development server inside the
# mod_wsgi daemon if this module were ever imported there, and requests would hang.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
