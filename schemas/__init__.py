"""The JSON Schemas of the JSON outputs, shipped as data (see alliance_diag.json_schemas)."""
