"""The one Jinja2 environment over ``templates/`` (StrictUndefined, trailing newline kept, a
strict ``finalize`` that refuses any value not escaped by :mod:`msk_connect_iam.render.escape`),
its compiled-template cache, and the cached rendering of ``templates/fragments.j2`` macros.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from msk_connect_iam.render.escape import (HclLiteral, Markdown, fenced, hcl_string, md, md_code, md_codes, md_url,
                                          tfdocs_input_row_value, tfdocs_output_row)
from msk_connect_iam.usercache import template_bytecode_cache

_SAFE_TYPES = frozenset((HclLiteral, Markdown, bool, int))


def _finalize(value):
    if type(value) in _SAFE_TYPES:  # the common case, without isinstance's walk
        return value
    if isinstance(value, (HclLiteral, Markdown, bool, int)) or value is None:
        return "" if value is None else value
    raise TypeError(f"unescaped value reached a template: {value!r}; use the q or md filter")


def templates_dir() -> Path:
    """The templates folder, ``render/templates/`` inside the package (the wheel ships it)."""
    return Path(__file__).parent / "templates"


class _Environment(jinja2.Environment):
    """A Jinja2 environment whose attribute lookups (``{{ s.sid }}``) are Python's ``getattr``:
    the templates read attributes of this package's objects, never dict keys, so Jinja's
    fallback to ``obj[name]`` (a Python-level call per lookup) is not needed. A missing
    attribute raises AttributeError, as StrictUndefined would raise on its use."""

    getattr = staticmethod(getattr)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: StrictUndefined, trailing newline kept, strict finalize; the
    compiled templates are cached in the user cache folder (:func:`~msk_connect_iam.usercache.template_bytecode_cache`)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize,
        auto_reload=False,  # templates are package data: no stat of each template per render
    )
    env.filters["q"] = hcl_string
    env.filters["md"] = md
    env.filters["code"] = md_code
    env.filters["codes"] = md_codes
    env.filters["fenced"] = fenced
    # terraform-docs rows (escape.py ports its sanitizer): a variables.Variable / views.Output.
    env.filters["tfdocs_input"] = lambda v: tfdocs_input_row_value(v.name, v.description, v.hcl_type, v.default_json)
    env.filters["tfdocs_output"] = lambda o: tfdocs_output_row(o.name, o.description)
    env.filters["url"] = md_url
    env.filters["num"] = lambda v: Markdown(f"{int(v):,}")  # a count or size with thousands separators
    env.filters["raw_hcl"] = HclLiteral  # only for HCL text built by Python code (views.py, module.py)
    env.bytecode_cache = template_bytecode_cache(env)  # compiled templates in the user cache (usercache.py)
    return env


def render(template: jinja2.Template, context: dict) -> str:
    """``template`` rendered with ``context`` as it is: what :meth:`jinja2.Template.render` does,
    without copying the environment's globals (range, dict, ...) into every context, which the
    module templates do not use (``new_context(shared=True)``)."""
    env = template.environment
    try:
        return env.concat(template.root_render_func(template.new_context(context, shared=True)))
    except Exception:
        return env.handle_exception()  # the traceback points into the template, as render's does


#: Distinct fragments :func:`fragment` remembers (a bound on memory for long-lived processes).
_FRAGMENT_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_FRAGMENT_CACHE_SIZE)
def fragment(kind: type, macro: str, *args):
    """The text of macro ``macro`` of ``templates/fragments.j2`` called with ``args`` (hashable:
    frozen dataclasses, tuples, strings), as ``kind`` (:class:`~msk_connect_iam.render.escape.HclLiteral`
    or :class:`Markdown`: the macro escaped every value it placed, through the strict finalize).

    Rendered once per distinct call: most variables, every output and their terraform-docs rows
    are the same in every module of a manifest.
    """
    return kind(getattr(_fragments(), macro)(*args))


@functools.lru_cache(maxsize=1)
def _fragments():
    """The macros of ``templates/fragments.j2`` (its template module), loaded once."""
    return environment().get_template("fragments.j2").module
