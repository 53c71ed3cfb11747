"""Value rules for manifest strings: each function returns ``None`` when the value is acceptable,
or the message of a located problem (what was found, what was expected).

The sources of the limits are cited per rule: the IAM User Guide ("IAM and AWS STS quotas",
"IAM identifiers", "Tagging IAM resources"), the IAM JSON policy grammar, Apache Kafka
(``org.apache.kafka.common.internals.Topic``), the MSK Connect API reference
(``CreateConnector``) and Terraform's string model (every string is Unicode NFC).

All patterns are matched with ``fullmatch`` (a ``$`` would accept a trailing newline) and ASCII
classes where IAM means ASCII (``\\d`` would accept other scripts' digits).
"""

from __future__ import annotations

import re
import unicodedata

from msk_connect_iam.policy.arns import PARTITIONS
from msk_connect_iam.errors import show

def _chars(bad) -> str:
    """List offending characters: printable ones quoted, others as U+XXXX."""
    shown = []
    for ch in sorted(set(bad))[:5]:
        shown.append(f"'{ch}'" if ch.isprintable() and ch not in "'\\" and ord(ch) < 0x7F else f"U+{ord(ch):04X}")
    more = len(set(bad)) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


# -- Terraform ------------------------------------------------------------------------------------

def nfc_problem(value: str) -> str | None:
    """Terraform (cty) normalises every string to Unicode NFC, so a non-NFC value would reach AWS
    as different text: refuse it."""
    if unicodedata.is_normalized("NFC", value):
        return None
    return (f"{show(value)} is not in Unicode NFC form; Terraform would change it to "
            f"{show(unicodedata.normalize('NFC', value))}; write the NFC form")


#: Terraform template interpolations holding an expression (Terraform language, "Strings and
#: Templates": ``${ ... }`` interpolates an expression), in the forms only Terraform writes, so
#: that other ``${...}`` syntaxes stay accepted: config providers
#: (``${secretsmanager:secret:key}``), Kafka Connect's ``${topic}``, IAM policy variables
#: (``${aws:username}``), Camel's simple language (``${header.x}``, ``${date:now}``,
#: ``${random(10)}``), Freemarker. Recognised: a reference to an input variable, local value or
#: module output anywhere inside the braces (``${var.x}``, ``${upper(local.y)}``,
#: ``${!var.enabled}``); a resource or data source attribute ``<provider>_<type>.<name>.<attr>``
#: or ``...<name>[<key>]``; ``each.key``/``each.value``, ``count.index``, ``path.module``/``root``/
#: ``cwd``, ``terraform.workspace``; provider functions (``provider::``); Terraform-only
#: functions. ``%{ ... }`` directive text is not refused: like any text it is written escaped
#: (``%%{``) and reaches AWS exactly as written (tests/injection.py holds such values).
TERRAFORM_EXPRESSION_RE = re.compile(
    r"\$\{[^}]*?(?<![\w.])(?:var|local|module)\.[A-Za-z_]"
    r"|\$\{\s*(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*(?:\.|\[)"
    r"|\$\{\s*(?:each\.(?:key|value)|count\.index|path\.(?:module|root|cwd)|terraform\.workspace)\s*\}"
    r"|\$\{[^}]*?provider::"
    r"|\$\{\s*(?:jsonencode|yamlencode|templatefile|tostring|tolist|toset|tomap|lookup|element|coalesce|"
    r"formatlist|cidrsubnet|base64encode|base64decode)\s*\(", re.ASCII)


def terraform_expression_problem(value: str) -> str | None:
    """A value holding a Terraform expression (``${var.bucket}``, ``${aws_s3_bucket.b.id}``,
    ``${join("-", ...)}``): the manifest holds literal values, and the generator would derive
    permissions from the expression's text and write it into the module as literal text
    (``$${var.bucket}``), so the role would grant nothing that exists. ``msk-connect-iam import``
    keeps such expressions with a note (exit 5) for the user to replace; this refuses what is left."""
    m = TERRAFORM_EXPRESSION_RE.search(value)
    if m is None:
        return None
    end = value.find("}", m.end())
    expr = value[m.start(): end + 1] if end >= 0 else value[m.start():]
    return (f"{show(value)} holds the Terraform expression {show(expr)}, which a manifest cannot evaluate; "
            "expected the value itself (the manifest is read as literal text)")


# -- Kafka ----------------------------------------------------------------------------------------

#: Kafka topic names: 1-249 characters of ASCII letters, digits, '.', '_' and '-', and neither
#: '.' nor '..' (Apache Kafka, org.apache.kafka.common.internals.Topic.validate).
TOPIC_MAX = 249
_TOPIC_CHAR = re.compile(r"[A-Za-z0-9._-]")


def topic_problem(value: str) -> str | None:
    """A Kafka topic name, or a prefix ending in a single ``*``."""
    is_prefix = value.endswith("*")
    name = value[:-1] if is_prefix else value
    if is_prefix and not name:
        return "'*' alone would grant every topic of the cluster; expected topic names or a prefix such as 'orders.*'"
    if not name:
        return "found an empty topic name; expected a Kafka topic name or a prefix ending in '*'"
    bad = [c for c in name if not _TOPIC_CHAR.fullmatch(c)]
    if bad:
        return (f"topic {show(value)} has characters Kafka rejects ({_chars(bad)}); expected ASCII letters, "
                "digits, '.', '_' and '-' (and one '*' only at the end, for a prefix)")
    if len(name) > TOPIC_MAX:
        return f"topic name is {len(name)} characters; Kafka allows at most {TOPIC_MAX}"
    if not is_prefix and name in (".", ".."):
        return f"found '{name}'; Kafka rejects '.' and '..' as topic names"
    return None


def derived_topic_problem(value: str, *, every_allowed: bool = False) -> str | None:
    """A topic pattern the catalog derived: a topic name, a prefix ending in ``*``, or literal
    pieces with the rule's own wildcards between them: ``*`` (after a routing transform,
    catalog/transforms.py: ``asgard.*-raw``, ``*.events``) or ``?`` (one character of a regex,
    catalog/regexcover.py: ``orders?v1``). A derived name is built by catalog/arnbuild.py, which
    refuses wildcards in configuration text, so every wildcard here is a rule's. Each piece is
    checked as :func:`topic_problem` checks a name, and the pattern must hold some literal text
    unless ``every_allowed`` (the manifest's ``allow_wildcards`` names the property it comes from)."""
    pieces = [p for p in re.split(r"[*?]", value) if p]
    if value and not pieces:
        return None if every_allowed else topic_problem("*")
    if "*" not in value[:-1] and "?" not in value:
        return topic_problem(value)
    for piece in pieces:
        bad = [c for c in piece if not _TOPIC_CHAR.fullmatch(c)]
        if bad:
            return (f"topic pattern {show(value)} has characters Kafka rejects ({_chars(bad)}); expected ASCII "
                    "letters, digits, '.', '_' and '-' between the wildcards")
    if len(value.replace("*", "")) > TOPIC_MAX:
        return f"topic pattern is {len(value)} characters; Kafka allows at most {TOPIC_MAX}"
    return None


#: Kafka group ids may be any string, but ours become part of a group ARN: same rule as topics.
GROUP_MAX = 255


def consumer_group_problem(value: str) -> str | None:
    """A sink's consumer group id (exact, no wildcard)."""
    if not value or len(value) > GROUP_MAX or not re.fullmatch(r"[A-Za-z0-9._-]+", value):
        return (f"found {show(value)}; expected a consumer group id of 1-{GROUP_MAX} ASCII letters, digits, "
                "'.', '_' and '-'")
    return None


# -- MSK Connect ----------------------------------------------------------------------------------

#: MSK Connect connector names: the CreateConnector API reference (and the botocore model,
#: shape ``__stringMin1Max128``) only says 1-128 characters, without a character pattern.
#: msk-connect-iam is stricter on purpose, because the name becomes a folder under the output
#: folder, part of the IAM role name and part of the trust policy's ``aws:SourceArn`` pattern
#: (where ``*``, ``?`` or ``/`` would widen it): ASCII letters, digits, '.', '_' and '-',
#: starting with a letter or digit (so never '.', '..' or a hidden folder).
CONNECTOR_NAME_MAX = 128
CONNECTOR_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)


def connector_name_problem(value: str) -> str | None:
    """An MSK Connect connector name as msk-connect-iam accepts it (see CONNECTOR_NAME_RE)."""
    if not CONNECTOR_NAME_RE.fullmatch(value) or len(value) > CONNECTOR_NAME_MAX:
        return (f"found {show(value)}; expected a connector name of 1-{CONNECTOR_NAME_MAX} ASCII letters, "
                "digits, '.', '_' and '-', starting with a letter or digit (it becomes a folder, a role name "
                "and part of the trust policy's connector ARN)")
    return None


#: MSK Connect ``connectorDescription``: at most 1,024 characters (CreateConnector API). Ours only
#: reaches the module README, but control characters and lone surrogates are refused there too.
CONNECTOR_DESCRIPTION_MAX = 1024


def connector_description_problem(value: str) -> str | None:
    """The connector's free-text description (module README only)."""
    if len(value) > CONNECTOR_DESCRIPTION_MAX:
        return f"description is {len(value)} characters; expected at most {CONNECTOR_DESCRIPTION_MAX}"
    bad = [c for c in value if c not in "\t\n" and (unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"))]
    if bad:
        return f"description has control or unassigned characters ({_chars(bad)}); expected printable text"
    return nfc_problem(value)


# -- IAM ------------------------------------------------------------------------------------------

#: Policy text may hold tab, LF, CR and U+0020-U+00FF only (IAM User Guide, IAM quotas).
_POLICY_TEXT = re.compile(r"[\t\n\r\x20-\xff]*")


def policy_text_problem(value: str) -> str | None:
    """A string that goes into a policy document (resource, condition key or value)."""
    if not _POLICY_TEXT.fullmatch(value):
        bad = [c for c in value if not _POLICY_TEXT.fullmatch(c)]
        return (f"{show(value)} has characters IAM rejects in policy text ({_chars(bad)}); expected tab, "
                "newline, carriage return or U+0020-U+00FF")
    if "&{" in value:
        return (f"{show(value)} contains '&{{', which the provider's aws_iam_policy_document turns into '${{' "
                "(no escape prevents it); expected a value without '&{'")
    return None


#: An IAM action: ``service:Action`` (service prefix lower-case letters, digits and '-'; the
#: action letters and digits, with '*' and '?' wildcards) (IAM JSON policy grammar, Action).
ACTION_RE = re.compile(r"[a-z0-9-]+:[A-Za-z0-9*?]+", re.ASCII)


def action_problem(value: str) -> str | None:
    if ACTION_RE.fullmatch(value):
        return None
    return f"found {show(value)}; expected an IAM action shaped 'service:Action', such as 's3:PutObject'"


#: Condition operators: a name of letters, optionally ``IfExists``, optionally qualified by
#: ``ForAllValues:``/``ForAnyValue:`` (IAM JSON policy reference, Condition operators).
CONDITION_TEST_RE = re.compile(r"(ForAllValues:|ForAnyValue:)?[A-Za-z]+", re.ASCII)
#: Condition keys: ``prefix:key`` (``aws:SourceVpce``, ``s3:prefix``, ``aws:ResourceTag/team``).
CONDITION_KEY_RE = re.compile(r"[A-Za-z0-9-]+:[^\s:][^\s]*", re.ASCII)


def condition_test_problem(value: str) -> str | None:
    if CONDITION_TEST_RE.fullmatch(value):
        return None
    return f"found {show(value)}; expected an IAM condition operator such as StringEquals or ForAnyValue:StringLike"


def condition_key_problem(value: str) -> str | None:
    if not CONDITION_KEY_RE.fullmatch(value):
        return f"found {show(value)}; expected an IAM condition key shaped 'prefix:key', such as aws:SourceVpce"
    return policy_text_problem(value)


_RESOURCE_ARN_RE = re.compile(r"arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)", re.S)


def resource_problem(value: str) -> str | None:
    """A statement resource: ``*`` or ``arn:<partition>:<service>:<region>:<account>:<resource>``
    (IAM User Guide, "IAM JSON policy elements: Resource"), in policy text."""
    text = policy_text_problem(value)
    if text:
        return text
    if value == "*":
        return None
    m = _RESOURCE_ARN_RE.fullmatch(value)
    if not m:
        return (f"found {show(value)}; expected '*' or an ARN "
                "arn:<partition>:<service>:<region>:<account>:<resource>")
    partition, service = m.group(1), m.group(2)
    if partition not in PARTITIONS:
        return f"unknown partition {show(partition)} in {show(value)}; expected one of {', '.join(PARTITIONS)}"
    if not re.fullmatch(r"[a-z0-9-]+|\*", service, re.ASCII):
        return f"found service {show(service)} in {show(value)}; expected a service prefix such as s3"
    return None


#: Statement ids: ASCII letters and digits only (IAM JSON policy grammar, Sid).
SID_RE = re.compile(r"[A-Za-z0-9]+", re.ASCII)


def sid_problem(value: str) -> str | None:
    if SID_RE.fullmatch(value):
        return None
    return f"found {show(value)}; expected a statement id of ASCII letters and digits only"


#: Role names: 1-64 characters of ``[A-Za-z0-9+=,.@_-]`` (IAM User Guide, IAM identifiers).
ROLE_NAME_RE = re.compile(r"[A-Za-z0-9+=,.@_-]{1,64}", re.ASCII)


def role_name_problem(value: str) -> str | None:
    if ROLE_NAME_RE.fullmatch(value):
        return None
    return f"role name {show(value)} is not 1-64 characters of ASCII letters, digits and '+=,.@_-'"


#: Role-name prefixes: the characters of IAM role names (IAM User Guide, "IAM identifiers");
#: the length is checked on the derived name.
NAME_PREFIX_RE = re.compile(r"[A-Za-z0-9+=,.@_-]*", re.ASCII)


def name_prefix_problem(value: str) -> str | None:
    if NAME_PREFIX_RE.fullmatch(value):
        return None
    return (f"name_prefix {show(value)} may only hold letters, digits and '+=,.@_-' "
            "(the characters of IAM role names)")


#: Role paths: '/' or '/' + 1-510 characters of U+0021-U+007E + '/', at most 512 in all
#: (IAM API reference, CreateRole Path pattern ``(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)``).
ROLE_PATH_RE = re.compile(r"/|/[\x21-\x7e]+/", re.ASCII)
ROLE_PATH_MAX = 512


def role_path_problem(value: str) -> str | None:
    if ROLE_PATH_RE.fullmatch(value) and len(value) <= ROLE_PATH_MAX:
        return None
    return (f"found {show(value)}; expected an IAM path of at most {ROLE_PATH_MAX} printable ASCII characters "
            "without spaces, starting and ending with '/'")


#: Role descriptions: at most 1,000 characters of tab, LF, CR, U+0020-U+007E, U+00A1-U+00FF
#: (IAM API reference, CreateRole Description pattern).
DESCRIPTION_MAX = 1000
_DESCRIPTION = re.compile(r"[\t\n\r\x20-\x7e\xa1-\xff]*")


def role_description_problem(value: str) -> str | None:
    if len(value) > DESCRIPTION_MAX:
        return f"role description is {len(value)} characters; IAM allows at most {DESCRIPTION_MAX}"
    if not _DESCRIPTION.fullmatch(value):
        bad = [c for c in value if not _DESCRIPTION.fullmatch(c)]
        return (f"role description has characters IAM rejects ({_chars(bad)}); expected tab, newline, "
                "carriage return, U+0020-U+007E and U+00A1-U+00FF")
    return None


#: Tags: at most 50 per role; keys 1-128 and values 0-256 characters of Unicode letters,
#: separators and numbers and ``_ . : / = + - @`` (IAM API reference, Tag: pattern
#: ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+``); keys may not start with ``aws:`` (any case); IAM treats
#: keys that differ only in case as duplicates (TagRole: "Tag keys are case insensitive").
TAGS_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256


def _tag_char_ok(ch: str) -> bool:
    return ch in "_.:/=+-@" or unicodedata.category(ch)[0] in "LZN"


def _tag_text_problem(what: str, value: str, low: int, high: int) -> str | None:
    if not low <= len(value) <= high:
        return f"tag {what} {show(value)} is {len(value)} characters; expected {low}-{high}"
    bad = [c for c in value if not _tag_char_ok(c)]
    if bad:
        return (f"tag {what} {show(value)} has characters IAM rejects ({_chars(bad)}); expected letters, "
                "digits, spaces and '_.:/=+-@'")
    return nfc_problem(value)


def tag_key_problem(value: str) -> str | None:
    problem = _tag_text_problem("key", value, 1, TAG_KEY_MAX)
    if problem:
        return problem
    if value.lower().startswith("aws:"):
        return f"tag key {show(value)} starts with 'aws:', which AWS reserves"
    return None


def tag_value_problem(value: str) -> str | None:
    return _tag_text_problem("value", value, 0, TAG_VALUE_MAX)


def region_partition_problem(region: str, partition: str) -> str | None:
    """A cluster ARN's region that is not a region of its partition, per the shipped region table
    (``catalog/data/regions.json``, generated from botocore's endpoint data; CONTRIBUTING.md,
    "the region table"), or None. ``eu-west-9`` exists nowhere; ``cn-north-1`` in an ``arn:aws:``
    ARN names a region of ``aws-cn``: a trust policy with that pair (aws:SourceArn) can never match.
    """
    from msk_connect_iam.catalog.arnbuild import REGIONS, is_region

    if partition not in REGIONS or is_region(partition, region):
        return None
    owners = sorted(p for p in REGIONS if is_region(p, region))
    if owners:
        return (f"region {show(region)} belongs to partition {', '.join(owners)}, not {show(partition)}; expected "
                f"an ARN that starts arn:{owners[0]}: for that region, or a region of {partition}")
    return (f"region {show(region)} is not a region of partition {show(partition)} (the shipped region table, from "
            "botocore's endpoint data); expected a region name like us-east-1")
