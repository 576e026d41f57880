"""The one sandbox every template runs in (Jinja's ``ImmutableSandboxedEnvironment``), closed on every path by
which a template reaches an attribute, runs code, prints something of the program, or grows without bound.

How a template could reach what is not data, and what guards each way:

- ``x.name`` and ``x["name"]`` in an expression: the sandbox's ``getattr``/``getitem`` (``is_safe_attribute``:
  nothing starting with "_", no internal attributes of functions, frames, generators; no method that changes
  a list, dict or set: a template never changes the data, not even for the next document of a batch).
- Filters that read a field by name (``nhom("don_vi")``, ``tong``, ``sap_xep``, ``sap_xep_ten``, ``chu_ky``,
  Jinja's ``attr``, ``map(attribute=…)``, ``sort(attribute=…)``, ``groupby``…): ``helpers.field`` (ours) and
  Jinja's own ``make_attrgetter`` both go through the same ``getattr``/``getitem``.
- ``"{0.__class__}".format(x)``, ``format_map``: the sandbox's formatter reads fields through ``getattr``;
  ``wrap_str_format`` here also bounds the widths and refuses program objects as arguments.
- Calls (``x.method()``, globals, macros): ``call`` (``is_safe_callable``), counted; a str or list method
  given a size beyond ``MAX_TEXT`` is refused (``"x".ljust(10 ** 9)``).
- The globals: only ``range`` (bounded), ``dict``, ``namespace``, ``cycler``, ``joiner`` and a bounded
  ``lipsum``; the last four are Jinja's own classes, whose attributes go through ``getattr`` like any other.
- Printing and turning into text: ``{{ x }}`` (``finalize``), ``a ~ b``, every filter (its value and
  arguments), ``%`` and ``format``: a function, class, method, module, loop or other object of the program is
  refused (``Unprintable``), so no repr ("<function … at 0x…>", "<class 'int'>") reaches a document.

And every evaluation is bounded, per document (``budget``): loop iterations, calls and filters together
(``MAX_STEPS``), the characters rendered (``MAX_OUTPUT``), the time (``TIME_LIMIT``); each text or list one
operation makes (``MAX_TEXT``), integers (``MAX_BITS``), exponents, format widths (``MAX_WIDTH``).
``render`` names the template's paragraph where a limit is met.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from itertools import islice
from typing import Any

from jinja2 import (
    FileSystemBytecodeCache,
    StrictUndefined,
    Template,
    TemplateRuntimeError,
    Undefined,
    nodes,
    pass_eval_context,
)
from jinja2.runtime import BlockReference, Context, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace, _PassArg, generate_lorem_ipsum
from markupsafe import Markup

from .. import helpers, naming, vn

MAX_TEXT = 1_000_000  # characters or items one operation may make ("x" * n, [0] * n, "x"|center(n))
MAX_EXPONENT = 1000  # an exponent a template may use (10 ** n)
MAX_BITS = 100_000  # an integer a template makes (about 30,000 digits; a document's figures have 15)
MAX_WIDTH = 1000  # a width or precision in a format ("{:>1000}", "%1000d")
MAX_STEPS = 10_000_000  # loop iterations, calls and filters of one document (a 10,000-row table: ~100,000)
MAX_OUTPUT = 200_000_000  # characters of one document's rendered parts (its XML)
TIME_LIMIT = 30.0  # seconds to evaluate one document's template (the 10,000-row table: 0.5 s)
MAX_LIPSUM = 100  # paragraphs of lipsum() (placeholder text)
_CLOCK_EVERY = 256  # steps between two looks at the clock
_CHUNK = 64  # rendered pieces joined before their size is counted


class LimitExceeded(TemplateRuntimeError):
    """A document's evaluation went past one of its bounds: ``what`` is "steps", "output" or "time"."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Unprintable(SecurityError):
    """A template printed (or turned into text) something of the program, not data."""


class FilterError(TemplateRuntimeError):
    """One of our filters given a value it cannot use ("abc" | so); the message is Vietnamese."""


# ------------------------------------------------------------------ one document's budget


class _Budget:
    __slots__ = ("steps", "output", "deadline", "next_look")

    def __init__(self) -> None:
        self.steps = self.output = 0
        self.deadline = time.monotonic() + TIME_LIMIT
        self.next_look = _CLOCK_EVERY

    def step(self) -> None:
        self.steps += 1
        if self.steps >= self.next_look:
            self.look()

    def look(self) -> None:
        if self.steps > MAX_STEPS:
            raise LimitExceeded("steps")
        if time.monotonic() > self.deadline:
            raise LimitExceeded("time")
        self.next_look = self.steps + _CLOCK_EVERY


_local = threading.local()


@contextmanager
def budget() -> Iterator[None]:
    """One document's evaluation: every part it renders shares the bounds (an evaluation already under way
    in this thread keeps its own)."""
    if getattr(_local, "budget", None) is not None:
        yield
        return
    _local.budget = _Budget()
    try:
        yield
    finally:
        _local.budget = None


def _current() -> _Budget:
    found = getattr(_local, "budget", None)
    return _Budget() if found is None else found  # outside a render (Jinja folding constants): bounded alone


# ------------------------------------------------------------------ what is data


_PLAIN = frozenset({str, int, float, bool, Decimal, Markup, type(None), dt.date, dt.datetime, vn.PartialDate})
_PROGRAM = (type, types.ModuleType, types.GeneratorType, LoopContext, Macro, Namespace, Cycler, Joiner, Context,
            TemplateReference, BlockReference)


def program_object(value: Any) -> bool:
    """Whether ``value`` (or anything in it, for a list or table) is a part of the program rather than data:
    a function, method, class, module, loop, macro or Jinja helper object."""
    pending = [value]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if type(item) in _PLAIN:
            continue
        if isinstance(item, (list, tuple, set, frozenset, dict)):
            if id(item) not in seen:
                seen.add(id(item))
                pending.extend(item.items() if isinstance(item, dict) else item)
            continue
        if isinstance(item, Undefined):
            continue  # using it raises its own error (a missing field, an attribute the sandbox refuses)
        if isinstance(item, _PROGRAM) or callable(item) and not hasattr(item, "__html__"):
            return True
    return False


def printable(value: Any) -> Any:
    """``value`` when it is data; Unprintable otherwise."""
    if type(value) not in _PLAIN and program_object(value):
        raise Unprintable("value is part of the program")
    return value


@pass_eval_context  # so never called while compiling: Jinja would print a constant ("".join) unchecked
def _shown(eval_context: Any, value: Any) -> Any:
    """What ``{{ x }}`` prints: an absent value (an empty cell) prints nothing, never "None"; a date prints as
    "05/3/2024"; something of the program is refused."""
    kind = type(value)
    if kind is str or kind is Markup:
        return value
    if value is None:
        return ""
    if isinstance(value, (dt.date, vn.PartialDate)) and not isinstance(value, dt.datetime):
        return vn.PartialDate.of(value).short()
    return printable(value)


# ------------------------------------------------------------------ sizes


def _bounded_number(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise OverflowError("integer")
    return value


def _bounded_result(value: Any) -> Any:
    """What an operation made, within the bounds of a whole document (the operations that grow are bounded
    more tightly before they run)."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT:
        raise LimitExceeded("output")
    return _bounded_number(value)


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent_format(pattern: Any) -> None:
    """A "%…" format within ``MAX_WIDTH`` (and widths written as numbers, not "*")."""
    if not isinstance(pattern, str) or "%" not in pattern:
        return
    for found in _PERCENT_FIELD.finditer(pattern):
        for size in found.groups():
            if size == "*" or size is not None and (len(size) > 6 or int(size) > MAX_WIDTH):
                raise OverflowError("width")


def _size_arguments(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Builtin filters whose result grows with an argument, bounded before they run."""
    if name in ("center", "indent", "wordwrap", "truncate", "batch", "slice"):
        sizes = [a for a in (*args, *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
        if any(abs(size) > MAX_TEXT for size in sizes):
            raise OverflowError("size")
    elif name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        grows = value.count(old) if old else len(value) + 1
        if len(value) + grows * max(0, len(new) - len(old)) > MAX_TEXT:
            raise OverflowError("size")
    elif name == "format":
        check_percent_format(value)
    elif name == "join" and isinstance(value, (list, tuple)):
        if sum(len(item) for item in value if isinstance(item, str)) > MAX_OUTPUT:
            raise LimitExceeded("output")


# ------------------------------------------------------------------ filters


_TEXT_FILTERS = frozenset({
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "join", "lower", "replace", "string",
    "striptags", "title", "trim", "truncate", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr",
    "tojson", "filesizeformat"})
_REMOVED_FILTERS = ("pprint",)  # it exists to show Python's repr


def _guarded(name: str, function: Callable[..., Any], ours: bool) -> Callable[..., Any]:
    """A filter counted in the budget, refusing program objects (anywhere inside its value for filters that
    make text), bounded in what it makes. ``ours`` (the Vietnamese and Decree 30 filters) also leave an absent
    value out (None -> "") and say in Vietnamese which filter a bad value reached."""
    passes = _PassArg.from_obj(function) is not None  # Jinja gives it the environment or context first
    deep = ours or name in _TEXT_FILTERS

    @functools.wraps(function)
    def apply(*args: Any, **kwargs: Any) -> Any:
        _current().step()
        value, rest = (args[1], args[2:]) if passes else (args[0], args[1:])
        if ours and value is None:
            return ""
        for item in (value, *rest, *kwargs.values()):
            if type(item) not in _PLAIN and (program_object(item) if deep else _top_level_program(item)):
                raise Unprintable("value is part of the program")
        _size_arguments(name, value, rest, kwargs)
        if not ours:
            return _bounded_result(function(*args, **kwargs))
        try:
            return _bounded_result(function(*args, **kwargs))
        except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
            if isinstance(error, OverflowError):
                raise
            reason = f" ({error})" if isinstance(error, vn.Unusable) else ""
            raise FilterError(f"bộ lọc '{name}' không dùng được với giá trị {vn.shown(value)}{reason}") from None
    return apply


def _top_level_program(value: Any) -> bool:
    return isinstance(value, _PROGRAM) or callable(value) and not isinstance(value, Undefined) \
        and not hasattr(value, "__html__")


# ------------------------------------------------------------------ the environment


def lipsum(n: int = 5, html: bool = False, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    """Jinja's placeholder text, bounded: at most ``MAX_LIPSUM`` paragraphs of at most 1,000 words (plain text
    by default: a Word document has no HTML)."""
    if not all(isinstance(v, int) for v in (n, min, max)) or n > MAX_LIPSUM or max > 1000 or min > max:
        raise OverflowError("lipsum")
    return str(generate_lorem_ipsum(n, html, min, max))


class _Template(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget():
            return super().render(*args, **kwargs)


class Environment(ImmutableSandboxedEnvironment):
    """The sandbox of this module's docstring; it also compiles each template text once (docxtpl asks for the
    same body, header and footer XML of a template for every document of a batch)."""

    intercepted_binops = frozenset(["*", "**", "%"])
    template_class = _Template

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_shown)
        self._compiled: dict[str, Template] = {}
        self.globals.update(lipsum=lipsum)
        filters: dict[str, Any] = {**vn.FILTERS, **helpers.FILTERS}
        for name in _REMOVED_FILTERS:
            del self.filters[name]
        self.filters.update({name: _guarded(name, f, False) for name, f in self.filters.items()})
        self.filters.update({name: _guarded(name, f, True) for name, f in filters.items()})

    # -- calls

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        _current().step()
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, (str, list)) and any(
                isinstance(a, int) and abs(a) > MAX_TEXT for a in (*args, *kwargs.values())):
            raise OverflowError("size")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        def bounded(*args: Any, **kwargs: Any) -> str:
            if naming.format_width(pattern) > MAX_WIDTH:
                raise OverflowError("width")
            for item in (*args, *kwargs.values()):
                printable(item)
            return _bounded_result(wrapped(*args, **kwargs))  # type: ignore[no-any-return]
        return functools.update_wrapper(bounded, wrapped)

    # -- operators and loops

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` within bounds (a template cannot make a text of a billion characters or a number
        of a billion digits and hang the machine); ``%`` formats only data, within ``MAX_WIDTH``."""
        _current().step()
        if operator == "**" and isinstance(right, (int, float)):
            if abs(right) > MAX_EXPONENT or isinstance(left, int) and left.bit_length() * abs(right) > MAX_BITS:
                raise OverflowError("power")
        elif operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * count > MAX_TEXT:
                    raise OverflowError("repeat")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise OverflowError("product")
        elif operator == "%" and isinstance(left, str):
            check_percent_format(left)
            printable(right)
        return _bounded_number(super().call_binop(context, operator, left, right))

    def loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What a ``{% for %}`` loop walks: every item counted in the document's budget."""
        counted = _current()
        for item in iterable:
            counted.steps += 1
            if counted.steps >= counted.next_look:
                counted.look()
            yield item

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """The rendered text of a template (or block, macro), its size counted in the document's budget as it
        grows (``_CHUNK`` pieces at a time)."""
        counted = _current()
        stream, kept = iter(pieces), []
        while chunk := list(islice(stream, _CHUNK)):
            counted.output += sum(map(len, chunk))
            if counted.output > MAX_OUTPUT:
                if isinstance(stream, types.GeneratorType):  # raised where the template stands: its line known
                    stream.throw(LimitExceeded("output"))
                raise LimitExceeded("output")
            counted.step()
            kept += chunk
        return "".join(kept)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """The code of a template with every loop counted and every ``~`` operand checked as data."""
        for loop in list(source.find_all(nodes.For)):
            loop.iter = _call("loop", loop.iter)
        for joined in list(source.find_all(nodes.Concat)):
            joined.nodes = [_call("printable", operand) for operand in joined.nodes]
        return super()._generate(source, name, filename, defer_init)  # type: ignore[no-any-return]

    printable = staticmethod(printable)

    # -- each template text compiled once

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = self._cached(source)
        return self._compiled[source]

    def _cached(self, source: str) -> Template:
        """A template text compiled once per machine rather than once per command: its code is kept in
        Jinja's own bytecode cache (keyed by the text; a folder of the user's own in the temporary folder,
        which Jinja checks), and compiled here when there is no usable cache."""
        cache = _bytecode_cache()
        if cache is None:
            return ImmutableSandboxedEnvironment.from_string(self, source)
        try:
            bucket = cache.get_bucket(self, _CACHE_NAME, None, source)
        except Exception:  # noqa: BLE001 - an unreadable cache entry is no cache entry
            return ImmutableSandboxedEnvironment.from_string(self, source)
        if bucket.code is None:
            bucket.code = self.compile(source)
            try:
                cache.set_bucket(bucket)
            except OSError:
                pass  # a full or read-only disk: the next command compiles it again
        return self.template_class.from_code(self, bucket.code, self.make_globals(None), None)


def _call(attribute: str, argument: nodes.Node) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(attribute), [argument], [], None, None, lineno=argument.lineno)


# What the compiled code depends on besides its text (part of the cache key): the sandbox and its intercepted
# operators, the counted loops and checked "~", autoescape and finalize. Change it when any of them changes.
_CACHE_NAME = "tdkt-docgen: immutable sandbox, autoescape, finalize at run time, binops * ** %, loop, printable ~ (3)"


@cache
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private folder could be made in the temporary folder
        return None


@cache
def environment() -> Environment:
    """The one Jinja environment: autoescape, StrictUndefined, the sandbox, Vietnamese filters and the
    Decree 30 helpers for own templates."""
    return Environment()
