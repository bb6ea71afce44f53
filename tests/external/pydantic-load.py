"""Loads the published dataset.json through Pydantic models generated from
the published JSON Schema by datamodel-code-generator.

Usage: python pydantic-load.py MODELS_PY DATASET_JSON
"""
import importlib.util
import inspect
import sys

from pydantic import BaseModel

models_path, data_path = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("published_models", models_path)
mod = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = mod
spec.loader.exec_module(mod)

# The root model is the one generated from the schema's title: the model
# class that no other generated model refers to. Its name is derived from
# the title, so find it by the fields every dataset.json has.
roots = [
    c
    for _, c in inspect.getmembers(mod, inspect.isclass)
    if issubclass(c, BaseModel) and c.__module__ == mod.__name__ and {"sources", "entities", "metrics", "claims", "dataset"} <= set(c.model_fields)
]
if len(roots) != 1:
    sys.exit(f"expected one root model, found {[c.__name__ for c in roots]}")
with open(data_path, encoding="utf-8") as f:
    data = roots[0].model_validate_json(f.read())
print(
    f"pydantic: {roots[0].__name__} loaded {len(data.sources)} sources, {len(data.entities)} entities, "
    f"{len(data.metrics)} metrics, {len(data.claims)} claims"
)
