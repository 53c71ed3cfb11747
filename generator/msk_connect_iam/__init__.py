"""msk-connect-iam: Amazon MSK Connect service execution roles as Terraform modules.

Pipeline (each stage pure until the last): load (YAML -> located data) -> validate (JSON Schema
+ semantic rules) -> model (connectors, clusters, role settings) -> permissions (statements) ->
render (Jinja2 -> file texts) -> write (atomic replace) or check (diff).
"""

__version__ = "0.1.0"
