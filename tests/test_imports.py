"""No import circles among the app's modules: what two modules both need lives in a third, so
each module can be read, and imported, without the ones that use it."""

import graphlib

import grimp


def circle(graph) -> list[str] | None:
    """One import circle in ``graph`` (its modules in order, the first repeated last), or None."""
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as error:
        return error.args[1]
    return None


def app_imports():
    # Imports inside functions and under TYPE_CHECKING count too: they only hide a circle.
    return grimp.build_graph("app", cache_dir=None)


def test_the_apps_modules_import_each_other_without_circles():
    found = circle(app_imports())
    assert found is None, "An import circle: " + " -> ".join(found or [])


def test_an_import_back_would_be_found():
    graph = app_imports()
    graph.add_import(importer="app.domain.pack.table", imported="app.domain.pack.build")
    found = circle(graph)
    assert found is not None and "app.domain.pack.table" in found
