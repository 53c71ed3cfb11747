"""Stage 3, the policies: permission model, quota sizes and split, IAM lint, ARN parsing and matching."""
