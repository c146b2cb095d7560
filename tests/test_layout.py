"""The layout's one rule: the public side never imports the staff side.

Public pages must keep working, and stay cheap, whatever the admin grows into; a public module that
imports `partners.staff` (or `partners.admin`) would also pull the admin's registrations into every public worker.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PACKAGES = [ROOT / "partners" / "public", ROOT / "partners" / "lib", ROOT / "partners" / "content", ROOT / "wegwijzer"]
# What both sides use: the models, and the content versions (one invalidation path for both).
SHARED_MODULES = [*(ROOT / "partners" / "models").glob("*.py"), ROOT / "partners" / "versions.py", ROOT / "partners" / "signals.py"]
STAFF_PREFIXES = ("partners.admin", "partners.staff")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _public_modules() -> list[Path]:
    modules = [p for package in PUBLIC_PACKAGES for p in package.rglob("*.py") if "migrations" not in p.parts]
    return sorted(modules + SHARED_MODULES)


def test_the_public_side_has_modules_to_check():
    assert len(_public_modules()) > 10


@pytest.mark.parametrize("path", _public_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_public_module_does_not_import_the_admin(path):
    staff = sorted(name for name in _imports(path) if ".".join(name.split(".")[:2]) in STAFF_PREFIXES)
    assert staff == [], f"{path.relative_to(ROOT)} imports the staff side: {staff}"


@pytest.mark.parametrize("path", sorted((ROOT / "partners" / "models").glob("*.py")), ids=lambda p: p.name)
def test_the_models_do_not_know_who_writes(path):
    """Who may write is the write policy's (`partners.staff.policy`, `partners.lib.acting`); the
    review workflow is `partners.content.review`. The models only describe the data."""
    wrong = sorted(name for name in _imports(path) if name.startswith(("partners.lib.acting", "partners.content")))
    assert wrong == [], f"{path.relative_to(ROOT)} imports {wrong}"
