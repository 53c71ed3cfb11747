"""``audit`` and ``diagnose``: existing roles against what connectors need, and authorization
failures in connector logs (issue 15). Commands: :mod:`.commands`; evaluation: :mod:`.evaluate`."""
