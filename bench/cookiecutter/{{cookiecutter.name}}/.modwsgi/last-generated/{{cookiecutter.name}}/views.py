from flask import Blueprint, jsonify, render_template

PROJECT_NAME = "{{cookiecutter.name}}"

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("index.html", name=PROJECT_NAME)


@bp.get("/health")
def health():
    return jsonify(status="ok", name=PROJECT_NAME)
