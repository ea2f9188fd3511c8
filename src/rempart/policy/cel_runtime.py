"""The operators and functions of the CEL subset that policy rules use, as plain Python.

Values are Python's own: bool, int, float, str, None, list and dict. Anything CEL calls an error
(a missing key, a type with no such operator, division by zero) raises one of `EVALUATION_ERRORS`;
`&&`, `||` and `?:` absorb errors as CEL does, and a rule whose evaluation ends in an error does not fire.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any


class CelEvaluationError(Exception):
    """A CEL runtime error (`no such overload`, `no such key`, ...)."""


EVALUATION_ERRORS: tuple[type[Exception], ...] = (
    CelEvaluationError,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    ValueError,
    AttributeError,
    re.error,
)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_kind(left: Any, right: Any) -> None:
    if isinstance(left, bool) or isinstance(right, bool):
        raise CelEvaluationError("no such overload for bool")


def add(left: Any, right: Any) -> Any:
    _same_kind(left, right)
    if type(left) is not type(right) and not (_number(left) and _number(right)):
        raise CelEvaluationError(f"no such overload: {type(left).__name__} + {type(right).__name__}")
    return left + right


def subtract(left: Any, right: Any) -> Any:
    _same_kind(left, right)
    if not (_number(left) and _number(right)):
        raise CelEvaluationError("no such overload for -")
    return left - right


def multiply(left: Any, right: Any) -> Any:
    _same_kind(left, right)
    if not (_number(left) and _number(right)):
        raise CelEvaluationError("no such overload for *")
    return left * right


def divide(left: Any, right: Any) -> Any:
    _same_kind(left, right)
    if isinstance(left, int) and isinstance(right, int):
        if right == 0:
            raise CelEvaluationError("divide by zero")
        quotient = abs(left) // abs(right)
        return quotient if (left >= 0) == (right >= 0) else -quotient
    if not (_number(left) and _number(right)):
        raise CelEvaluationError("no such overload for /")
    return left / right


def modulo(left: Any, right: Any) -> Any:
    _same_kind(left, right)
    if not (isinstance(left, int) and isinstance(right, int)):
        raise CelEvaluationError("no such overload for %")
    if right == 0:
        raise CelEvaluationError("modulus by zero")
    return left - right * divide(left, right)


def negate(value: Any) -> Any:
    if not _number(value):
        raise CelEvaluationError("no such overload for unary -")
    return -value


def logical_not(value: Any) -> bool:
    if not isinstance(value, bool):
        raise CelEvaluationError("no such overload for !")
    return not value


def _ordered(left: Any, right: Any) -> None:
    if isinstance(left, bool) != isinstance(right, bool):
        raise CelEvaluationError("no such overload for comparison")
    if not ((_number(left) and _number(right)) or type(left) is type(right)):
        raise CelEvaluationError(f"no such overload: {type(left).__name__} vs {type(right).__name__}")


def less(left: Any, right: Any) -> bool:
    _ordered(left, right)
    return bool(left < right)


def less_equal(left: Any, right: Any) -> bool:
    _ordered(left, right)
    return bool(left <= right)


def greater(left: Any, right: Any) -> bool:
    _ordered(left, right)
    return bool(left > right)


def greater_equal(left: Any, right: Any) -> bool:
    _ordered(left, right)
    return bool(left >= right)


def equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def not_equal(left: Any, right: Any) -> bool:
    return not equal(left, right)


def contained_in(element: Any, container: Any) -> bool:
    if isinstance(container, dict | list):
        return element in container
    raise CelEvaluationError(f"no such overload: in {type(container).__name__}")


def select(value: Any, field: str) -> Any:
    """`value.field` on a map: a missing key is an error (SignalMap answers absent signals itself)."""
    if isinstance(value, dict):
        return value[field]
    raise CelEvaluationError(f"no such field {field!r} on {type(value).__name__}")


def index(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        return value[key]
    if isinstance(value, list):
        if not isinstance(key, int) or isinstance(key, bool):
            raise CelEvaluationError("list index must be an int")
        if key < 0:
            raise CelEvaluationError("index out of range")
        return value[key]
    raise CelEvaluationError(f"no such overload: {type(value).__name__}[...]")


def has_field(value: Any, field: str) -> bool:
    if isinstance(value, dict):
        return field in value
    raise CelEvaluationError(f"has() on {type(value).__name__}")


def size(value: Any) -> int:
    if isinstance(value, str | list | dict):
        return len(value)
    raise CelEvaluationError(f"no such overload: size({type(value).__name__})")


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise CelEvaluationError(f"no such overload: {name} on {type(value).__name__}")
    return value


def contains(value: Any, part: Any) -> bool:
    return _string(part, "contains") in _string(value, "contains")


def starts_with(value: Any, prefix: Any) -> bool:
    return _string(value, "startsWith").startswith(_string(prefix, "startsWith"))


def ends_with(value: Any, suffix: Any) -> bool:
    return _string(value, "endsWith").endswith(_string(suffix, "endsWith"))


@lru_cache(maxsize=512)
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def matches(value: Any, pattern: Any) -> bool:
    """RE2-style partial match, as CEL's `matches`."""
    return regex(_string(pattern, "matches")).search(_string(value, "matches")) is not None


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CelEvaluationError("no such overload: int(bool)")
    if isinstance(value, float):
        return int(value)
    if isinstance(value, int | str):
        return int(value)
    raise CelEvaluationError(f"no such overload: int({type(value).__name__})")


def to_double(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CelEvaluationError(f"no such overload: double({type(value).__name__})")
    return float(value)


def to_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise CelEvaluationError(f"no such overload: string({type(value).__name__})")


METHODS: dict[str, Callable[[Any, Any], Any]] = {
    "contains": contains,
    "startsWith": starts_with,
    "endsWith": ends_with,
    "matches": matches,
}
FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "size": size,
    "int": to_int,
    "double": to_double,
    "string": to_string,
}
RELATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "relation_lt": less,
    "relation_le": less_equal,
    "relation_gt": greater,
    "relation_ge": greater_equal,
    "relation_eq": equal,
    "relation_ne": not_equal,
    "relation_in": contained_in,
}
ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "addition_add": add,
    "addition_sub": subtract,
    "multiplication_mul": multiply,
    "multiplication_div": divide,
    "multiplication_mod": modulo,
}
