"""Stage 4, rendering: Jinja2 environment, escapers, view models, module, registry and root configuration."""
