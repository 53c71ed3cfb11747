"""A local AWS for apply/destroy tests: moto in server mode on a loopback port.

:func:`start_moto` runs ``moto_server -H 127.0.0.1 -p <free port>`` (the script installed beside
the test interpreter) and waits until ``/moto-api/`` answers; :func:`aws_environment` points the
terraform AWS provider and boto3 at it through environment variables only (``AWS_ENDPOINT_URL``
and dummy credentials), never an ``endpoints {}`` block, which would cost ~3.4 s per provider
configure (see toolchain.md). :func:`iam_inventory` and :func:`read_role` read IAM back with boto3.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

#: moto's fixed account id; ``aws_caller_identity`` returns it.
MOTO_ACCOUNT = "123456789012"
REGION = "us-east-1"

#: Values for the examples' required variables in apply tests (the connectors are switched off).
EXAMPLE_TF_VARS = {
    "TF_VAR_create_connector": "false",
    "TF_VAR_bootstrap_servers": "{}",
    "TF_VAR_subnet_ids": '["subnet-0a1b2c3d4e5f60718"]',
    "TF_VAR_security_group_ids": '["sg-0a1b2c3d4e5f60718"]',
    "TF_VAR_custom_plugins": "{}",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class MotoServer:
    """A running moto server: its process and ``http://127.0.0.1:<port>`` endpoint."""

    process: subprocess.Popen
    endpoint: str
    log: Path

    def stop(self) -> None:
        """Terminate the server (kill after 10 s) and reap it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _moto_command(port: int) -> list[str]:
    script = Path(sys.executable).with_name("moto_server")
    if script.is_file():
        return [str(script), "-H", "127.0.0.1", "-p", str(port)]
    return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]


def start_moto(log_dir: Path, timeout: float = 60.0) -> MotoServer:
    """Start moto on a free loopback port and wait (up to ``timeout`` seconds) for ``/moto-api/``.

    Raises RuntimeError with the server's log if it exits or does not answer in time.
    """
    port = free_port()
    log = log_dir / "moto.log"
    fh = log.open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    proc = subprocess.Popen(_moto_command(port), stdout=fh, stderr=subprocess.STDOUT, env=env,
                            stdin=subprocess.DEVNULL)
    fh.close()
    server = MotoServer(proc, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto_server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.endpoint}/moto-api/", timeout=2) as resp:
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"moto_server did not answer on {server.endpoint} within {timeout} s:\n"
                       f"{log.read_text(errors='replace')}")


def aws_environment(endpoint: str) -> dict[str, str]:
    """Environment variables pointing the AWS provider and boto3 at ``endpoint``."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def iam_client(endpoint: str):
    """A boto3 IAM client for the moto server at ``endpoint``."""
    import boto3

    return boto3.client("iam", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test")


def _doc(value) -> dict:
    """A policy document as boto3 returns it (dict, or URL-encoded JSON text) as a dict."""
    if isinstance(value, dict):
        return value
    return json.loads(unquote(value))


def _paginate(client, op: str, key: str, **kw) -> list:
    return [item for page in client.get_paginator(op).paginate(**kw) for item in page[key]]


def iam_inventory(client) -> dict[str, set]:
    """Every role and customer managed policy in the account: ``{"roles": {name}, "policies": {arn}}``."""
    return {
        "roles": {r["RoleName"] for r in _paginate(client, "list_roles", "Roles")},
        "policies": {p["Arn"] for p in _paginate(client, "list_policies", "Policies", Scope="Local")},
    }


def read_role(client, name: str) -> dict:
    """A role as IAM holds it: settings, trust policy, inline policies by name, and attached managed
    policies by ARN with their default version's document (all documents as dicts)."""
    role = client.get_role(RoleName=name)["Role"]
    inline = {}
    for pname in _paginate(client, "list_role_policies", "PolicyNames", RoleName=name):
        inline[pname] = _doc(client.get_role_policy(RoleName=name, PolicyName=pname)["PolicyDocument"])
    attached = {}
    for ap in _paginate(client, "list_attached_role_policies", "AttachedPolicies", RoleName=name):
        pol = client.get_policy(PolicyArn=ap["PolicyArn"])["Policy"]
        version = client.get_policy_version(PolicyArn=ap["PolicyArn"], VersionId=pol["DefaultVersionId"])
        attached[ap["PolicyArn"]] = {"name": pol["PolicyName"], "path": pol.get("Path", "/"),
                                     "document": _doc(version["PolicyVersion"]["Document"])}
    tags = {t["Key"]: t["Value"] for t in _paginate(client, "list_role_tags", "Tags", RoleName=name)}
    return {
        "arn": role["Arn"],
        "path": role["Path"],
        "description": role.get("Description", ""),
        "max_session_duration": role.get("MaxSessionDuration"),
        "permissions_boundary": role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
        "tags": tags,
        "trust": _doc(role["AssumeRolePolicyDocument"]),
        "inline": inline,
        "attached": attached,
    }
