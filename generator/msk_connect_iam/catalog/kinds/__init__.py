"""One module per connector kind; each exports ``KIND`` (a :class:`~..base.ConnectorKind`)."""
