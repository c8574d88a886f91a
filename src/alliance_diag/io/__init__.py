"""Files in and out: located YAML, atomic writes, safe file names, answer files."""
