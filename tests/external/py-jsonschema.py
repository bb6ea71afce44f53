"""Checks every published JSON Schema with Python's `jsonschema` (the 2020-12
metaschema) and validates dataset.json and every record file against them.

Usage: python py-jsonschema.py DIST_DIR DATASET_DIR
"""
import json
import pathlib
import sys

import jsonschema
import yaml

class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where `2024-03-28` is a date; the record files
    are YAML 1.2, where it is a string, as the check reads it."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


dist, dataset = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
failures = 0
validators = {}
for path in sorted((dist / "schema").glob("*.json")):
    schema = json.loads(path.read_text(encoding="utf-8"))
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"FAIL: {path.name} is not a valid 2020-12 schema: {e.message}")
        failures += 1
        continue
    validators[path.name] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check(name, schema, data):
    global failures
    for e in validators[schema].iter_errors(data):
        print(f"FAIL: {name} against {schema}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failures += 1


check("dataset.json", "dataset-json.schema.json", json.loads((dist / "dataset.json").read_text(encoding="utf-8")))
files = 0
for kind in ["sources", "entities", "metrics", "claims"]:
    for path in sorted((dataset / kind).glob("*.yaml")):
        check(f"{kind}/{path.name}", f"{kind}.schema.json", load_yaml(path))
        files += 1
check("dataset.yaml", "dataset.schema.json", load_yaml(dataset / "dataset.yaml"))
print(f"python jsonschema: {len(validators)} schemas, dataset.json and {files + 1} record files, {failures} failures")
sys.exit(1 if failures else 0)
