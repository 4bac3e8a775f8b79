import ast
import pathlib

PROJECT = pathlib.Path(__file__).resolve().parent.parent


def test_index_names_the_project(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "{{cookiecutter.name}}" in response.get_data(as_text=True)


def test_health_is_json(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "name": "{{cookiecutter.name}}"}


def test_static_file_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200


def test_run_py_guards_app_run():
    # An unguarded app.run() would start a dev server inside mod_wsgi.
    tree = ast.parse((PROJECT / "run.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            assert not (isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "run"), "app.run() at module level"
    assert any(isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) for node in tree.body)


def test_wsgi_file_compiles_and_defines_application():
    source = (PROJECT / "{{cookiecutter.name}}.wsgi").read_text()
    tree = ast.parse(source)
    assigned = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
    imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert "application" in assigned | imported
