"""Stage 1, load and validate: find the reports, read each file from inside the content
root only (confined.py), parse YAML with its positions (yamlsrc.py), validate it against
the schema (schema.py, validate.py) and build the model (reading.py, content.py)."""
