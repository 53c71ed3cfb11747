"""generate/check --root-module: the root configuration calling every connector's module."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from msk_connect_iam.cli import main

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
OTHER_REGION = "arn:aws:kafka:eu-west-1:123456789012:cluster/legacy/0d3c5e7a-8b9f-4a2c-b1d4-6e8f0a2c4b6d-2"


def _manifest(tmp_path, body: str):
    path = tmp_path / "connectors.yaml"
    path.write_text(textwrap.dedent(body))
    return path


def _hcl(path):
    import hcl2
    from hcl2 import SerializationOptions

    with path.open() as fh:
        return hcl2.load(fh, serialization_options=SerializationOptions(strip_string_quotes=True))


def test_root_module_calls_every_module_and_passes_arn(tmp_path):
    manifest = _manifest(tmp_path, f"""\
        version: 1
        defaults:
          cluster: {{arn: "{CLUSTER}"}}
        connectors:
          - name: orders.sink
            type: sink
            topics: [orders]
          - name: 9-source
            type: source
            topics: [events]
        """)
    result = CliRunner().invoke(main, ["generate", str(manifest), "-o", str(tmp_path / "modules"),
                                       "--root-module", str(tmp_path / "stack")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "stack").iterdir()) == ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]
    main_tf = _hcl(tmp_path / "stack" / "main.tf")
    modules = {n: b["source"] for m in main_tf["module"] for n, b in m.items()}
    assert modules == {"orders_sink": "../modules/orders.sink", "_9_source": "../modules/9-source"}
    connectors = {n: b for r in main_tf["resource"] for n, b in r["aws_mskconnect_connector"].items()}
    assert connectors["orders_sink"]["service_execution_role_arn"] == "${module.orders_sink.arn}"
    assert connectors["_9_source"]["name"] == "9-source"
    assert connectors["orders_sink"]["count"] == "${var.create_connector ? 1 : 0}"
    assert connectors["orders_sink"]["kafka_cluster"][0]["apache_kafka_cluster"][0]["bootstrap_servers"] == \
        '${var.bootstrap_servers["analytics"]}'
    check = CliRunner().invoke(main, ["check", str(manifest), "-o", str(tmp_path / "modules"),
                                      "--root-module", str(tmp_path / "stack")])
    assert check.exit_code == 0, check.output
    (tmp_path / "stack" / "outputs.tf").unlink()
    check = CliRunner().invoke(main, ["check", str(manifest), "-o", str(tmp_path / "modules"),
                                      "--root-module", str(tmp_path / "stack")])
    assert check.exit_code == 3 and "missing: " in check.output and "outputs.tf" in check.output


def test_configuration_is_escaped_into_the_root(tmp_path):
    manifest = _manifest(tmp_path, f"""\
        version: 1
        defaults:
          cluster: {{arn: "{CLUSTER}"}}
        connectors:
          - name: s3
            connector_configuration:
              connector.class: io.confluent.connect.s3.S3SinkConnector
              topics: orders
              s3.bucket.name: acme
              s3.region: us-east-1
              s3.credentials.secret: "${{secretManager:s3:key}}"
        """)
    result = CliRunner().invoke(main, ["generate", str(manifest), "-o", str(tmp_path / "m"),
                                       "--root-module", str(tmp_path / "root")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "root" / "main.tf").read_text()
    assert '"$${secretManager:s3:key}"' in text


def test_connectors_in_two_regions_are_refused_and_nothing_written(tmp_path):
    manifest = _manifest(tmp_path, f"""\
        version: 1
        connectors:
          - name: a
            type: sink
            topics: [x]
            cluster: {{arn: "{CLUSTER}"}}
          - name: b
            type: sink
            topics: [x]
            cluster: {{arn: "{OTHER_REGION}"}}
        """)
    result = CliRunner().invoke(main, ["generate", str(manifest), "-o", str(tmp_path / "m"),
                                       "--root-module", str(tmp_path / "root")])
    assert result.exit_code == 4, result.output
    assert "one region" in result.output
    assert not (tmp_path / "m").exists() and not (tmp_path / "root").exists()


def test_foreign_main_tf_is_not_overwritten_and_nothing_written(tmp_path):
    manifest = _manifest(tmp_path, f"""\
        version: 1
        defaults:
          cluster: {{arn: "{CLUSTER}"}}
        connectors:
          - name: a
            type: sink
            topics: [x]
        """)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "main.tf").write_text("# mine\n")
    result = CliRunner().invoke(main, ["generate", str(manifest), "-o", str(tmp_path / "m"),
                                       "--root-module", str(tmp_path / "root")])
    assert result.exit_code == 4, result.output
    assert (tmp_path / "root" / "main.tf").read_text() == "# mine\n"
    assert not (tmp_path / "m").exists()
