"""Deployment files are parsed and checked here (no Docker engine runs in CI):
docker-compose.yml, Dockerfile, .dockerignore, .env.example and requirements.lock."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("migrate", "web", "worker", "beat")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(rest.split())))
    return instructions


def settings_env_vars() -> set[str]:
    source = (ROOT / "inburgering" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z0-9_]+)[\"']", source))


# --- docker-compose.yml ----------------------------------------------------------


def test_compose_has_the_six_services(services):
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat"}


def test_postgres_16_with_pg_isready_healthcheck(services):
    postgres = services["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert postgres["environment"]["POSTGRES_DB"] == "inburgering"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])


def test_redis_7_with_ping_healthcheck(services):
    redis = services["redis"]
    assert redis["image"] == "redis:7"
    assert redis["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_share_one_image_on_the_real_stack(services, name):
    service = services[name]
    assert service["build"] == "."
    assert service["image"] == services["web"]["image"]
    env = service["environment"]
    assert re.fullmatch(r"postgres://[^@]+@postgres:5432/\w+", env["DATABASE_URL"])
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_environment_names_only_variables_that_settings_read(services, name):
    known = settings_env_vars() | {"DEMO_DATA"}
    assert set(services[name]["environment"]) <= known


def test_migrate_is_one_shot_and_seeds_only_with_demo_data(services):
    migrate = services["migrate"]
    command = command_text(migrate)
    assert migrate["restart"] == "no"
    assert "manage.py migrate --noinput" in command
    assert "manage.py seed_demo" in command
    assert command.index("migrate --noinput") < command.index("seed_demo")
    assert "$$DEMO_DATA" in command  # evaluated by the container's shell, not by compose
    assert migrate["environment"]["DEMO_DATA"] == "${DEMO_DATA:-false}"
    assert migrate["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def test_web_runs_gunicorn_with_a_healthz_healthcheck(services):
    web = services["web"]
    assert web["command"][:2] == ["gunicorn", "inburgering.wsgi"]
    assert "--bind=0.0.0.0:8000" in web["command"]
    assert "http://127.0.0.1:8000/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["ports"] == ["${WEB_PORT:-8000}:8000"]


def test_worker_and_beat_run_celery(services):
    assert services["worker"]["command"][:4] == ["celery", "-A", "inburgering", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "inburgering", "beat"]
    # beat writes its schedule where the non-root user may write
    assert "/app/var/celerybeat-schedule" in services["beat"]["command"]


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_long_running_services_wait_for_healthy_stores_and_migrations(services, name):
    assert services[name]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert services[name]["restart"] == "unless-stopped"


def test_worker_and_web_share_the_private_media_volume(compose, services):
    mount = "private-media:/app/var/private-media"
    assert mount in services["web"]["volumes"]
    assert mount in services["worker"]["volumes"]
    assert "private-media" in compose["volumes"]


# --- Dockerfile ------------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim(dockerfile):
    assert dockerfile[0] == ("FROM", "python:3.11-slim")


def test_dockerfile_installs_what_weasyprint_needs(dockerfile):
    runs = " ".join(args for kw, args in dockerfile if kw == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"):
        assert package in runs


def test_dockerfile_installs_pinned_runtime_dependencies(dockerfile):
    runs = [args for kw, args in dockerfile if kw == "RUN"]
    assert any("-c requirements.lock" in args and "pip install" in args for args in runs)


def test_dockerfile_uses_manifest_static_storage_and_collects_static_at_build(dockerfile):
    env = " ".join(args for kw, args in dockerfile if kw == "ENV")
    assert "STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage" in env
    collect = [i for i, (kw, args) in enumerate(dockerfile) if kw == "RUN" and "collectstatic --noinput" in args]
    assert collect, "collectstatic must run at build time"


def test_dockerfile_runs_as_a_non_root_user(dockerfile):
    users = [(i, args) for i, (kw, args) in enumerate(dockerfile) if kw == "USER"]
    assert users, "no USER instruction"
    last_index, last_user = users[-1]
    assert last_user not in ("root", "0", "0:0")
    cmd_index = next(i for i, (kw, _) in enumerate(dockerfile) if kw == "CMD")
    assert last_index < cmd_index


def test_dockerfile_default_command_is_gunicorn(dockerfile):
    cmd = dict(dockerfile)["CMD"]
    assert cmd.startswith('["gunicorn", "inburgering.wsgi"')


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".git", ".venv", ".env", "var"} <= ignored
    assert "scripts" not in ignored  # the build uses scripts/runtime-requirements.py


# --- .env.example and requirements.lock --------------------------------------------


def test_env_example_lists_every_variable_settings_read():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = settings_env_vars() - documented
    assert not missing, f"add these to .env.example with their default and meaning: {sorted(missing)}"


def test_env_example_explains_every_variable():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", line):
            assert i > 0 and lines[i - 1].startswith("# ") and "=" not in lines[i - 1].split()[1], (
                f"{line!r} needs a one-line meaning above it"
            )


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"not pinned: {line!r}"
            pins[normalise(name)] = version
    return pins


def test_every_declared_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for deps in project.get("optional-dependencies", {}).values() for d in deps]
    pins = lock_pins()
    names = {normalise(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]) for requirement in declared}
    missing = names - set(pins)
    assert not missing, f"run `make lock` after installing: {sorted(missing)}"


def test_ci_script_runs_make_test_on_postgres_and_redis():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in script
    unquoted = script.replace('"', "")
    assert "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/inburgering_ci" in unquoted
    assert "export REDIS_URL=redis://127.0.0.1:6379/0" in unquoted
    assert any(
        shlex.split(line)[:2] == ["make", "test"] for line in script.splitlines() if line.strip().startswith("make")
    )


# --- declared dependencies cover the imports -----------------------------------------

SKIP_DIRS = {".venv", ".git", "node_modules", "var", "__pycache__", "static", "templates"}
TEST_DIRS = {"tests", "bench"}  # not in the Docker image: may use the test extras too


def imported_modules(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def python_files():
    import os

    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        yield from (Path(folder) / f for f in files if f.endswith(".py"))


def third_party_imports() -> dict[str, set[str]]:
    """{"runtime": distributions imported by the application, "test": by tests/bench}."""
    import sys
    from importlib.metadata import packages_distributions

    local = {p.name for p in ROOT.iterdir() if p.is_dir()} | {p.stem for p in ROOT.glob("*.py")}
    dists = packages_distributions()
    found: dict[str, set[str]] = {"runtime": set(), "test": set()}
    for path in python_files():
        parts = path.relative_to(ROOT).parts
        kind = "test" if parts[0] in TEST_DIRS else "runtime"
        for module in imported_modules(path):
            if module in sys.stdlib_module_names or module in local or module == "__future__":
                continue
            for dist in dists.get(module, [module]):
                found[kind].add(normalise(dist))
    return found


def installed_closure(requirements) -> set[str]:
    """The declared distributions plus everything they pull in (what `pip install` gives)."""
    from importlib.metadata import PackageNotFoundError, requires

    from packaging.requirements import Requirement

    todo = [Requirement(r) for r in requirements]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        name = normalise(req.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            subs = requires(req.name) or []
        except PackageNotFoundError:
            continue
        for sub in map(Requirement, subs):
            extras = req.extras or {""}
            if sub.marker is None or any(sub.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(sub)
    return seen


def test_every_third_party_import_is_a_declared_dependency():
    """The Docker image installs only [project].dependencies: an import that they do not
    bring in would break it, even when the developer's .venv happens to have it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [d for deps in project.get("optional-dependencies", {}).values() for d in deps]
    runtime = installed_closure(project["dependencies"])
    test = runtime | installed_closure(extras)
    imports = third_party_imports()
    missing_runtime = imports["runtime"] - runtime
    missing_test = imports["test"] - test
    assert not missing_runtime, (
        f"imported by the application, not installed by [project].dependencies: {sorted(missing_runtime)}"
    )
    assert not missing_test, f"imported by tests, not installed by pyproject.toml: {sorted(missing_test)}"
