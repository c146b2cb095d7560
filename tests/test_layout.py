"""The house's import rules, from the ground floor up: `partners/lib` imports no app module;
the models, the content versions and `partners/content` never import the public side; nothing on
the public side imports the staff side; and no two modules import each other, however indirectly
(function-level imports included: a cycle hidden in a function is still a cycle).

Public pages must keep working, and stay cheap, whatever the admin grows into; a public module that
imports `partners.staff` (or `partners.admin`) would also pull the admin's registrations into every public worker.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("partners", "wegwijzer")
STAFF = ("partners.admin", "partners.staff")
PUBLIC = ("partners.public",)
# What must not import what: (modules, forbidden prefixes, why).
RULES = [
    ("partners.lib", ("partners", "wegwijzer"), "lib is the ground floor: it imports no app module"),
    ("partners.models", PUBLIC + STAFF + ("partners.content", "partners.lib.acting"), "the schema knows no side, nor who writes"),
    ("partners.versions", PUBLIC + STAFF, "the versions are below the caches that read them"),
    ("partners.signals", PUBLIC + STAFF, "the signals are below both sides"),
    ("partners.content", PUBLIC + STAFF, "content in and out does not depend on the public pages"),
    ("partners.public", STAFF, "the public side never imports the staff side"),
    ("wegwijzer", STAFF, "the project's middleware and errors run for public pages too"),
]


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The project module a dotted import name lands in (`partners.models.Service` → `partners.models`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str) -> set[str]:
    """Every project module `name` imports, at module level or inside a function."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(owner for owner in map(_owner, targets) if owner)
    found.discard(name)
    return found


def test_the_house_has_modules_to_check():
    assert len(MODULES) > 60
    assert "partners.public.urls" in MODULES and "partners.models.directory" in MODULES


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_only_downwards(name):
    wrong = []
    for prefix, forbidden, why in RULES:
        if name == prefix or name.startswith(prefix + "."):
            bad = sorted(i for i in imports_of(name) if any(i == f or i.startswith(f + ".") for f in forbidden))
            wrong += [f"{i} ({why})" for i in bad]
    assert wrong == [], f"{name} imports {wrong}"


def test_no_import_cycles():
    graph = {name: imports_of(name) for name in MODULES}
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.add(other)
                if other == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_project_package_holds_no_public_page():
    """wegwijzer/ is the project (settings, urls, middleware, errors); public views and routes are in partners/public."""
    project = {path.name for path in (ROOT / "wegwijzer").glob("*.py")}
    assert project <= {"__init__.py", "apps.py", "settings.py", "urls.py", "wsgi.py", "asgi.py", "middleware.py", "errors.py"}


MAX_MODULE_LINES = 700
MAX_MODEL_MODULE_LINES = 400


def test_no_module_outside_migrations_is_over_700_lines():
    """A module a newcomer can read in one sitting; the models, split by concept, under 400 lines each."""
    too_long = {}
    for name, path in MODULES.items():
        limit = MAX_MODEL_MODULE_LINES if name.startswith("partners.models") else MAX_MODULE_LINES
        lines = len(path.read_text().splitlines())
        if lines > limit:
            too_long[name] = lines
    assert too_long == {}


@pytest.mark.django_db
def test_the_migrations_describe_the_models_exactly(settings):
    """A model change without its migration would break the next deploy; the fast lane builds its
    schema from the models (`--no-migrations`), so this is where it shows."""
    import io

    from django.core.management import call_command

    settings.MIGRATION_MODULES = {}  # read the migration files, also under --no-migrations
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"a model change has no migration:\n{out.getvalue()}")
